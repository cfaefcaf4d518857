import Synchronization

/// A regular expression from a sops setting (`encrypted_regex`, `path_regex`, …), matched like Go's
/// RE2: unanchored search over Unicode scalars, in linear time (`RE2Program`). Constructs RE2 does
/// not have (look-around, back-references) are named in the error.
final class RE2Pattern: Sendable {
    let source: String
    private let program: RE2Program
    private let results = Mutex<[String: Bool]>([:])

    /// Compiled patterns by setting and source: a filter process matches the same `path_regex` and
    /// `encrypted_regex` for every file, and compiling a `Regex` costs far more than matching it.
    private static let compiled = Mutex<[String: RE2Pattern]>([:])

    /// The pattern for `source`, compiled once per process (errors are not cached).
    static func cached(_ source: String, setting: String) throws(SopsError) -> RE2Pattern {
        let key = setting + "\u{0}" + source
        if let known = compiled.withLock({ $0[key] }) { return known }
        let pattern = try RE2Pattern(source, setting: setting)
        compiled.withLock { cache in
            if cache.count > 100 { cache.removeAll() }
            cache[key] = pattern
        }
        return pattern
    }

    init(_ source: String, setting: String) throws(SopsError) {
        self.source = source
        if let construct = Self.unsupportedConstruct(in: source) {
            throw SopsError(.config, "can not compile regexp \(setting) '\(source)': \(construct) is not supported (Go RE2 syntax)",
                            hint: "sops uses Go's RE2 regular expressions, which have no look-around or back-references")
        }
        do {
            program = try RE2Program(try RE2Parser.parse(source))
        } catch let failure as RE2Parser.Failure {
            throw SopsError(.config, "can not compile regexp \(setting) '\(source)': error parsing regexp: \(failure.reason)")
        } catch {
            throw SopsError(.config, "can not compile regexp \(setting) '\(source)': expression too large")
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        if let known = results.withLock({ $0[text] }) { return known }
        let found = program.matches(text)
        results.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[text] = found
        }
        return found
    }

    /// The first construct RE2 rejects, if any (outside character classes, escapes respected).
    private static func unsupportedConstruct(in pattern: String) -> String? {
        let chars = Array(pattern.unicodeScalars)
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                let next = chars[i + 1]
                let octal = ("1"..."7").contains(next) && i + 2 < chars.count && ("0"..."7").contains(chars[i + 2])
                if !inClass, ("1"..."9").contains(next), !octal { return "back-reference \\\(next)" }
                if !inClass, next == "k" || next == "g" { return "back-reference \\\(next)" }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
                if i + 1 < chars.count, chars[i + 1] == "]" { i += 1 }
                else if i + 2 < chars.count, chars[i + 1] == "^", chars[i + 2] == "]" { i += 2 }
            } else if c == "(", i + 2 < chars.count, chars[i + 1] == "?" {
                let rest = String(String.UnicodeScalarView(chars[(i + 2)...].prefix(2)))
                if rest.hasPrefix("=") || rest.hasPrefix("!") || rest == "<=" || rest == "<!" { return "look-around" }
                if rest.hasPrefix(">") { return "atomic group" }
            } else if (c == "+" || c == "?" || c == "*"), i + 1 < chars.count, chars[i + 1] == "+" {
                return "possessive quantifier"
            }
            i += 1
        }
        return nil
    }
}

extension RE2Pattern {
    /// Whether the pattern may match a file directly in `directory` (see `RE2Program.mayMatchFile`).
    func mayMatchFile(inDirectory directory: String) -> Bool { program.mayMatchFile(inDirectory: directory) }

    /// `text` with RE2's metacharacters escaped, so the pattern matches it literally.
    static func quoted(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\.+*?()|[]{}^$".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
