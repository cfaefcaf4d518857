/// A compiled RE2 expression, matched by simulating its NFA over the text (Pike's VM without
/// captures): time O(text × program) whatever the pattern, as in RE2 and Go. A backtracking engine
/// takes exponential time on patterns like `(a|a)*c`, and the patterns come from files anyone with
/// write access to the repository can change (the `encrypted_regex` of a file's metadata).
struct RE2Program {
    enum Instruction {
        case scalar(RE2ScalarSet)
        case split(Int, Int)
        case jump(Int)
        case assertion(RE2Assertion)
        case match
    }

    /// Like RE2's program size limit: `(a{1000}){1000}` is refused rather than expanded.
    static let maxInstructions = 20_000

    struct TooLarge: Error {}

    private(set) var instructions: [Instruction] = []

    init(_ node: RE2Node) throws(TooLarge) {
        try emit(node)
        instructions.append(.match)
    }

    private mutating func append(_ instruction: Instruction) throws(TooLarge) -> Int {
        guard instructions.count < Self.maxInstructions else { throw TooLarge() }
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func emit(_ node: RE2Node) throws(TooLarge) {
        switch node {
        case .empty:
            break
        case .scalar(let set):
            _ = try append(.scalar(set))
        case .assertion(let assertion):
            _ = try append(.assertion(assertion))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternate(let branches):
            // split L1, next; L1: branch; jump end; next: split L2, … last branch
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = try append(.split(0, 0))
                    try emit(branch)
                    jumps.append(try append(.jump(0)))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let body, let min, let max):
            for _ in 0..<min { try emit(body) }
            if let max {
                // (body (body (…)?)?)? for the optional copies
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(try append(.split(0, 0)))
                    try emit(body)
                }
                for split in splits { instructions[split] = .split(split + 1, instructions.count) }
            } else {
                // loop: split body, end; body; jump loop
                let loop = try append(.split(0, 0))
                try emit(body)
                _ = try append(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
            }
        }
    }

    /// Whether the expression matches anywhere in `text` (unanchored, like Go's `MatchString`).
    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var current = ThreadList(capacity: instructions.count)
        var next = ThreadList(capacity: instructions.count)
        var stack: [Int] = []
        for position in 0...scalars.count {
            // A new thread starts at every position: the search is unanchored.
            if addThread(0, at: position, in: scalars, to: &current, stack: &stack) { return true }
            guard position < scalars.count else { break }
            let scalar = scalars[position]
            for pc in current.members {
                guard case .scalar(let set) = instructions[pc], set.contains(scalar) else { continue }
                if addThread(pc + 1, at: position + 1, in: scalars, to: &next, stack: &stack) { return true }
            }
            swap(&current, &next)
            next.removeAll()
        }
        return false
    }

    /// Adds `pc` and everything reachable from it without consuming a scalar; true on reaching `match`.
    private func addThread(_ pc: Int, at position: Int, in text: [Unicode.Scalar], to list: inout ThreadList,
                           stack: inout [Int]) -> Bool {
        stack.append(pc)
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch instructions[pc] {
            case .match:
                stack.removeAll()
                return true
            case .jump(let target):
                stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assertion(let assertion):
                if Self.holds(assertion, at: position, in: text) { stack.append(pc + 1) }
            case .scalar:
                break
            }
        }
        return false
    }

    static func holds(_ assertion: RE2Assertion, at position: Int, in text: [Unicode.Scalar]) -> Bool {
        let before = position > 0 ? text[position - 1] : nil
        let after = position < text.count ? text[position] : nil
        switch assertion {
        case .beginText: return position == 0
        case .endText: return position == text.count
        case .beginLine: return before == nil || before == "\n"
        case .endLine: return after == nil || after == "\n"
        case .wordBoundary: return isWord(before) != isWord(after)
        case .notWordBoundary: return isWord(before) == isWord(after)
        }
    }

    private static func isWord(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return RE2Parser.wordRanges.contains { $0.contains(scalar.value) }
    }
}

/// A set of program counters in insertion order with O(1) insert and clear (sparse set).
private struct ThreadList {
    private var dense: [Int]
    private var sparse: [Int]
    private(set) var count = 0

    init(capacity: Int) {
        dense = [Int](repeating: 0, count: capacity)
        sparse = [Int](repeating: 0, count: capacity)
    }

    var members: ArraySlice<Int> { dense[..<count] }

    /// Inserts `pc`; false when it was already there.
    mutating func insert(_ pc: Int) -> Bool {
        let slot = sparse[pc]
        if slot < count && dense[slot] == pc { return false }
        sparse[pc] = count
        dense[count] = pc
        count += 1
        return true
    }

    mutating func removeAll() { count = 0 }
}
