/// The syntax tree of an RE2 (Go `regexp/syntax`, Perl flags) regular expression.
indirect enum RE2Node {
    case empty
    /// One scalar from a set.
    case scalar(RE2ScalarSet)
    case concat([RE2Node])
    case alternate([RE2Node])
    /// `min` to `max` (nil: unbounded) repetitions.
    case repetition(RE2Node, min: Int, max: Int?)
    case assertion(RE2Assertion)
}

enum RE2Assertion {
    case beginText, endText, beginLine, endLine, wordBoundary, notWordBoundary
}

/// A set of scalars: a union of members (ranges or Unicode general categories, each possibly
/// negated), itself possibly negated, optionally matched case-insensitively.
struct RE2ScalarSet {
    enum Member {
        case ranges([ClosedRange<UInt32>], negated: Bool)
        case categories(Set<Unicode.GeneralCategory>, negated: Bool)
    }

    var members: [Member] = []
    var negated = false
    var foldsCase = false

    static func single(_ scalar: Unicode.Scalar, foldsCase: Bool) -> RE2ScalarSet {
        RE2ScalarSet(members: [.ranges([scalar.value...scalar.value], negated: false)], foldsCase: foldsCase)
    }

    static func ranges(_ ranges: [ClosedRange<UInt32>], negated: Bool = false) -> RE2ScalarSet {
        RE2ScalarSet(members: [.ranges(ranges, negated: negated)])
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        var found = membersContain(scalar)
        if !found && foldsCase {
            found = [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping].contains { mapped in
                mapped.unicodeScalars.count == 1 && membersContain(mapped.unicodeScalars.first!)
            }
        }
        return found != negated
    }

    private func membersContain(_ scalar: Unicode.Scalar) -> Bool {
        members.contains { member in
            switch member {
            case .ranges(let ranges, let negated): ranges.contains { $0.contains(scalar.value) } != negated
            case .categories(let categories, let negated): categories.contains(scalar.properties.generalCategory) != negated
            }
        }
    }
}

/// Parses RE2 syntax into an `RE2Node`. What RE2 rejects (look-around, back-references) is an error
/// here too; so are the few RE2 features left out (Unicode scripts like `\p{Greek}`, `\C`).
struct RE2Parser {
    struct Failure: Error {
        let reason: String
    }

    /// RE2's limit on `{n,m}` counts.
    static let maxRepeat = 1000

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var flags = Flags()

    private struct Flags {
        var foldsCase = false, multiLine = false, dotAll = false
    }

    init(_ pattern: String) { scalars = Array(pattern.unicodeScalars) }

    static func parse(_ pattern: String) throws(Failure) -> RE2Node {
        var parser = RE2Parser(pattern)
        let node = try parser.alternation()
        guard parser.index == parser.scalars.count else { throw Failure(reason: "unexpected )") }
        return node
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func alternation() throws(Failure) -> RE2Node {
        var branches = [try concatenation()]
        while current == "|" {
            index += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation() throws(Failure) -> RE2Node {
        var items: [RE2Node] = []
        while let c = current, c != "|", c != ")" {
            var atom = try self.atom()
            var repeated = false
            while let (min, max) = try repetition() {
                if repeated { throw Failure(reason: "invalid nested repetition operator") }
                guard let last = atom else { throw Failure(reason: "missing argument to repetition operator") }
                if current == "?" { index += 1 }  // non-greedy: the same set of matches
                atom = .repetition(last, min: min, max: max)
                repeated = true
            }
            if let atom { items.append(atom) }
        }
        return items.count == 1 ? items[0] : items.isEmpty ? .empty : .concat(items)
    }

    /// A repetition operator at the cursor (consumed), or nil.
    private mutating func repetition() throws(Failure) -> (Int, Int?)? {
        switch current {
        case "*": index += 1; return (0, nil)
        case "+": index += 1; return (1, nil)
        case "?": index += 1; return (0, 1)
        case "{":
            // `{` not followed by a valid count is a literal, as in Go.
            var cursor = index + 1
            func number() -> Int? {
                var value: Int?
                while cursor < scalars.count, let digit = Int(String(scalars[cursor])), scalars[cursor].isASCII {
                    value = min((value ?? 0) * 10 + digit, Self.maxRepeat + 1)
                    cursor += 1
                }
                return value
            }
            guard let low = number() else { return nil }
            var high: Int? = low
            if cursor < scalars.count, scalars[cursor] == "," {
                cursor += 1
                high = number()
            }
            guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
            guard low <= Self.maxRepeat, (high ?? 0) <= Self.maxRepeat, high.map({ $0 >= low }) ?? true else {
                throw Failure(reason: "invalid repeat count")
            }
            index = cursor + 1
            return (low, high)
        default:
            return nil
        }
    }

    /// One atom; nil for a flag group like `(?i)` that matches nothing but changes the flags.
    private mutating func atom() throws(Failure) -> RE2Node? {
        guard let c = current else { throw Failure(reason: "missing argument to repetition operator") }
        index += 1
        switch c {
        case "(": return try group()
        case "[": return .scalar(try characterClass())
        case ".": return .scalar(.ranges(flags.dotAll ? [] : [0x0A...0x0A], negated: true))
        case "^": return .assertion(flags.multiLine ? .beginLine : .beginText)
        case "$": return .assertion(flags.multiLine ? .endLine : .endText)
        case "*", "+", "?": throw Failure(reason: "missing argument to repetition operator: `\(c)`")
        case "\\": return try escape()
        default: return .scalar(.single(c, foldsCase: flags.foldsCase))
        }
    }

    private mutating func group() throws(Failure) -> RE2Node? {
        if current == "?" {
            index += 1
            if current == "P" || (current == "<" && peek(1) != "=" && peek(1) != "!") {
                if current == "P" { index += 1 }
                guard current == "<" else { throw Failure(reason: "invalid named capture") }
                while let c = current, c != ">" { index += 1 }
                guard current == ">" else { throw Failure(reason: "invalid named capture") }
                index += 1
                return try groupBody()
            }
            // Flags: (?i) (?-s) (?i:…)
            var newFlags = flags
            var negate = false
            while let c = current {
                index += 1
                switch c {
                case "i": newFlags.foldsCase = !negate
                case "m": newFlags.multiLine = !negate
                case "s": newFlags.dotAll = !negate
                case "U": break  // ungreedy: the same set of matches
                case "-" where !negate: negate = true
                case ")":
                    flags = newFlags
                    return nil
                case ":":
                    let saved = flags
                    flags = newFlags
                    defer { flags = saved }
                    return try groupBody()
                default:
                    throw Failure(reason: "invalid or unsupported Perl syntax: `(?\(c)`")
                }
            }
            throw Failure(reason: "missing closing )")
        }
        let saved = flags
        defer { flags = saved }
        return try groupBody()
    }

    private mutating func groupBody() throws(Failure) -> RE2Node {
        let saved = flags
        let node = try alternation()
        flags = saved
        guard current == ")" else { throw Failure(reason: "missing closing )") }
        index += 1
        return node
    }

    // MARK: Escapes and classes

    private mutating func escape() throws(Failure) -> RE2Node {
        guard let c = current else { throw Failure(reason: "trailing backslash at end of expression") }
        switch c {
        case "A": index += 1; return .assertion(.beginText)
        case "z": index += 1; return .assertion(.endText)
        case "b": index += 1; return .assertion(.wordBoundary)
        case "B": index += 1; return .assertion(.notWordBoundary)
        case "Q":
            index += 1
            var literal: [RE2Node] = []
            while let s = current, !(s == "\\" && peek(1) == "E") {
                literal.append(.scalar(.single(s, foldsCase: flags.foldsCase)))
                index += 1
            }
            if current == "\\" { index += 2 }
            return .concat(literal)
        default:
            return .scalar(try escapedSet())
        }
    }

    /// An escape that stands for scalars (`\d`, `\x41`, `\.`, …), in or out of a class.
    private mutating func escapedSet() throws(Failure) -> RE2ScalarSet {
        guard let c = current else { throw Failure(reason: "trailing backslash at end of expression") }
        index += 1
        if let perl = Self.perlClass(c) { return perl }
        switch c {
        case "p", "P":
            return try unicodeClass(negated: c == "P")
        case "a": return .single("\u{07}", foldsCase: false)
        case "f": return .single("\u{0C}", foldsCase: false)
        case "t": return .single("\t", foldsCase: false)
        case "n": return .single("\n", foldsCase: false)
        case "r": return .single("\r", foldsCase: false)
        case "v": return .single("\u{0B}", foldsCase: false)
        case "x":
            var digits = ""
            if let braced = try braced() {
                digits = braced
            } else {
                for _ in 0..<2 {
                    guard let d = current else { break }
                    digits.unicodeScalars.append(d)
                    index += 1
                }
            }
            guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw Failure(reason: "invalid escape sequence")
            }
            return .single(scalar, foldsCase: flags.foldsCase)
        case "0"..."7":
            // Octal (Go: up to three digits, \0 first or a digit after; \1-\9 alone are back-references).
            var value = c.value - 0x30
            guard c == "0" || ("0"..."7").contains(current ?? "x") else { throw Failure(reason: "invalid escape sequence") }
            for _ in 0..<2 {
                guard let d = current, ("0"..."7").contains(d) else { break }
                value = value * 8 + d.value - 0x30
                index += 1
            }
            return .single(Unicode.Scalar(value)!, foldsCase: flags.foldsCase)
        default:
            // Any ASCII punctuation may be escaped.
            guard c.isASCII, !c.properties.isAlphabetic, !("0"..."9").contains(c) else {
                throw Failure(reason: "invalid escape sequence: `\\\(c)`")
            }
            return .single(c, foldsCase: flags.foldsCase)
        }
    }

    /// The text of a `{…}` at the cursor (consumed), or nil when there is none.
    private mutating func braced() throws(Failure) -> String? {
        guard current == "{" else { return nil }
        index += 1
        var text = ""
        while let c = current, c != "}" {
            text.unicodeScalars.append(c)
            index += 1
        }
        guard current == "}" else { throw Failure(reason: "missing closing }") }
        index += 1
        return text
    }

    /// `\d \s \w` and their negations, ASCII only as in RE2.
    private static func perlClass(_ c: Unicode.Scalar) -> RE2ScalarSet? {
        let ranges: [ClosedRange<UInt32>]
        switch c {
        case "d", "D": ranges = [0x30...0x39]
        case "s", "S": ranges = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]
        case "w", "W": ranges = wordRanges
        default: return nil
        }
        return .ranges(ranges, negated: c.properties.isUppercase)
    }

    static let wordRanges: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]

    /// `\pL`, `\p{Lu}`, `\PN`: general categories (one or two letters); scripts are not supported.
    private mutating func unicodeClass(negated: Bool) throws(Failure) -> RE2ScalarSet {
        var name: String
        if let braced = try braced() {
            name = braced
        } else {
            guard let c = current else { throw Failure(reason: "invalid character class range") }
            name = String(c)
            index += 1
        }
        var negate = negated
        if name.hasPrefix("^") {
            negate.toggle()
            name.removeFirst()
        }
        if name == "Any" { return .ranges([0...0x10FFFF], negated: negate) }
        let categories = Self.categories(name)
        guard !categories.isEmpty else {
            throw Failure(reason: "unsupported Unicode class \\p{\(name)} (general categories only)")
        }
        return RE2ScalarSet(members: [.categories(categories, negated: negate)])
    }

    /// The general categories a one- or two-letter name (`L`, `Lu`) stands for.
    private static func categories(_ name: String) -> Set<Unicode.GeneralCategory> {
        guard (1...2).contains(name.count) else { return [] }
        let all: [(String, Unicode.GeneralCategory)] = [
            ("Lu", .uppercaseLetter), ("Ll", .lowercaseLetter), ("Lt", .titlecaseLetter), ("Lm", .modifierLetter),
            ("Lo", .otherLetter), ("Mn", .nonspacingMark), ("Mc", .spacingMark), ("Me", .enclosingMark),
            ("Nd", .decimalNumber), ("Nl", .letterNumber), ("No", .otherNumber), ("Pc", .connectorPunctuation),
            ("Pd", .dashPunctuation), ("Ps", .openPunctuation), ("Pe", .closePunctuation), ("Pi", .initialPunctuation),
            ("Pf", .finalPunctuation), ("Po", .otherPunctuation), ("Sm", .mathSymbol), ("Sc", .currencySymbol),
            ("Sk", .modifierSymbol), ("So", .otherSymbol), ("Zs", .spaceSeparator), ("Zl", .lineSeparator),
            ("Zp", .paragraphSeparator), ("Cc", .control), ("Cf", .format), ("Cs", .surrogate), ("Co", .privateUse),
            ("Cn", .unassigned),
        ]
        return Set(all.filter { name.count == 1 ? $0.0.hasPrefix(name) : $0.0 == name }.map(\.1))
    }

    private static let asciiClasses: [String: [ClosedRange<UInt32>]] = [
        "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A], "alpha": [0x41...0x5A, 0x61...0x7A], "ascii": [0x00...0x7F],
        "blank": [0x09...0x09, 0x20...0x20], "cntrl": [0x00...0x1F, 0x7F...0x7F], "digit": [0x30...0x39],
        "graph": [0x21...0x7E], "lower": [0x61...0x7A], "print": [0x20...0x7E],
        "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E], "space": [0x09...0x0D, 0x20...0x20],
        "upper": [0x41...0x5A], "word": wordRanges, "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
    ]

    /// `[…]` after its `[`.
    private mutating func characterClass() throws(Failure) -> RE2ScalarSet {
        var set = RE2ScalarSet(foldsCase: flags.foldsCase)
        if current == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while true {
            guard let c = current else { throw Failure(reason: "missing closing ]") }
            if c == "]" && !first { index += 1; return set }
            first = false
            if c == "[", peek(1) == ":" {
                var cursor = index + 2
                var name = ""
                while cursor < scalars.count, scalars[cursor] != ":" { name.unicodeScalars.append(scalars[cursor]); cursor += 1 }
                if cursor + 1 < scalars.count, scalars[cursor + 1] == "]" {
                    let negatedClass = name.hasPrefix("^")
                    guard let ranges = Self.asciiClasses[negatedClass ? String(name.dropFirst()) : name] else {
                        throw Failure(reason: "invalid character class range")
                    }
                    set.members.append(.ranges(ranges, negated: negatedClass))
                    index = cursor + 2
                    continue
                }
            }
            let low = try classMember()
            guard case .scalar(let lowScalar) = low else {
                if case .set(let member) = low { set.members += member.members }
                continue
            }
            if current == "-", let next = peek(1), next != "]" {
                index += 1
                guard case .scalar(let highScalar) = try classMember(), highScalar.value >= lowScalar.value else {
                    throw Failure(reason: "invalid character class range")
                }
                set.members.append(.ranges([lowScalar.value...highScalar.value], negated: false))
            } else {
                set.members.append(.ranges([lowScalar.value...lowScalar.value], negated: false))
            }
        }
    }

    private enum ClassMember {
        case scalar(Unicode.Scalar)
        case set(RE2ScalarSet)
    }

    private mutating func classMember() throws(Failure) -> ClassMember {
        let c = current!
        index += 1
        guard c == "\\" else { return .scalar(c) }
        let set = try escapedSet()
        if set.members.count == 1, case .ranges(let ranges, negated: false) = set.members[0], ranges.count == 1,
           ranges[0].count == 1, let scalar = Unicode.Scalar(ranges[0].lowerBound) {
            return .scalar(scalar)
        }
        return .set(set)
    }
}
