extension RE2Program {
    /// Whether the expression may match the path of some file directly in `directory`, that is
    /// `directory + "/" + name` for some non-empty `name` without `/`. Exact over the directory's
    /// own characters; where an assertion depends on the unknown name it is taken to hold, so a
    /// true may be spurious but a false is certain (safe for deciding where a rule must go first).
    func mayMatchFile(inDirectory directory: String) -> Bool {
        let text = Array((directory.isEmpty ? "" : directory + "/").unicodeScalars)
        let boundary = text.count
        // Threads waiting for a scalar; a new thread starts at every position (unanchored search).
        var waiting: Set<Int> = []
        for position in 0...boundary {
            var next: Set<Int> = []
            if position > 0 {
                for pc in waiting {
                    guard case .scalar(let set) = instructions[pc], set.contains(text[position - 1]) else { continue }
                    if follow(pc + 1, into: &next, holds: { assertion in holdsBefore(assertion, position, text) }) { return true }
                }
            }
            if follow(0, into: &next, holds: { assertion in holdsBefore(assertion, position, text) }) { return true }
            waiting = next
        }
        // Inside the name: any scalar but `/`, new threads anywhere, no beginning of text.
        var inside: Set<Int> = []
        let holdsInside: (RE2Assertion) -> Bool = { $0 != .beginText }
        for pc in waiting {
            guard case .scalar(let set) = instructions[pc], set.mayHoldOtherThan("/") else { continue }
            if follow(pc + 1, into: &inside, holds: holdsInside) { return true }
        }
        if follow(0, into: &inside, holds: holdsInside) { return true }
        var frontier = Array(inside)
        while let pc = frontier.popLast() {
            guard case .scalar(let set) = instructions[pc], set.mayHoldOtherThan("/") else { continue }
            var reached: Set<Int> = inside
            if follow(pc + 1, into: &reached, holds: holdsInside) { return true }
            frontier += reached.subtracting(inside)
            inside = reached
        }
        return false
    }

    /// Whether `assertion` holds at `position` of `text`, or may hold when that is the boundary
    /// between the directory and the (unknown, non-empty) file name.
    private func holdsBefore(_ assertion: RE2Assertion, _ position: Int, _ text: [Unicode.Scalar]) -> Bool {
        guard position == text.count else { return Self.holds(assertion, at: position, in: text) }
        switch assertion {
        case .beginText: return position == 0
        case .endText: return false
        case .beginLine: return position == 0 || text[position - 1] == "\n"
        case .endLine, .wordBoundary, .notWordBoundary: return true
        }
    }

    /// Adds `pc` and what it reaches without consuming a scalar to `set`; true on reaching `match`.
    private func follow(_ pc: Int, into set: inout Set<Int>, holds: (RE2Assertion) -> Bool) -> Bool {
        var stack = [pc]
        while let pc = stack.popLast() {
            guard set.insert(pc).inserted else { continue }
            switch instructions[pc] {
            case .match: return true
            case .jump(let target): stack.append(target)
            case .split(let first, let second): stack += [second, first]
            case .assertion(let assertion): if holds(assertion) { stack.append(pc + 1) }
            case .scalar: break
            }
        }
        return false
    }
}

extension RE2ScalarSet {
    /// False only when the set is certainly `scalar` alone (a literal); true otherwise.
    func mayHoldOtherThan(_ scalar: Unicode.Scalar) -> Bool {
        guard !negated, members.count == 1, case .ranges(let ranges, negated: false) = members[0] else { return true }
        return ranges != [scalar.value...scalar.value]
    }
}
