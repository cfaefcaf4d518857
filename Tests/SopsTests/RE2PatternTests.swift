@testable import Sops
import Testing

/// The RE2 engine behind `*_regex` settings: Go's syntax and matching rules, linear time.
@Suite struct RE2PatternTests {
    @Test(arguments: [
        ("^(data|stringData)$", "data", true), ("^(data|stringData)$", "stringData", true), ("^(data|stringData)$", "metadata", false),
        ("a.c", "xabcx", true), ("a.c", "a\nc", false), ("(?s)a.c", "a\nc", true),
        ("^a$", "a\n", false), ("(?m)^b$", "a\nb\nc", true), ("\\Aa\\z", "a", true),
        ("(?i)HELLO", "say hello", true), ("(?i:k)K", "kK", true), ("(?i:k)K", "kk", false), ("(?i)[a-c]", "B", true),
        ("[^a-z]", "abc", false), ("[^a-z]", "abC", true), ("[]a]", "]", true), ("[a-]", "-", true),
        ("\\d{3}-\\d{4}", "555-1234", true), ("x{2,3}", "x", false), ("x{2,}", "xxxxx", true), ("^x{2}$", "xxx", false),
        ("a{,3}", "a{,3}", true), ("a{", "a{", true),
        ("[[:upper:]]", "abc", false), ("[[:^alpha:]]", "ab1", true), ("[\\d_]", "_", true), ("\\W", "a_1", false),
        ("\\bfoo\\b", "a foo b", true), ("\\bfoo\\b", "afoob", false), ("\\Boo", "foo", true),
        ("\\pL+", "日本", true), ("\\p{Lu}", "abc", false), ("\\PL", "abc", false), ("[\\p{Nd}x]", "٣", true),
        ("a|", "zzz", true), ("\\.env$", "secrets/.env", true), ("\\.env$", "secrets/xenv", false),
        ("\\x41", "A", true), ("\\x{1F600}", "😀", true), ("\\101", "A", true), ("\\Qa.b\\E", "a.b", true), ("\\Qa.b\\E", "axb", false),
        ("(?:ab)+?c", "ababc", true), ("(?P<name>x)y", "xy", true), ("(a*)*b", "aaab", true), ("(a|a)*c", "aaaa", false),
    ])
    func matchesLikeGo(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try RE2Pattern(pattern, setting: "encrypted_regex").matches(text) == expected)
    }

    @Test(arguments: ["(", ")", "[a", "a**", "*a", "x{1001}", "x{3,2}", "\\Z", "\\p{Greek}", "\\p{}", "\\x{}", "\\p", "(?=x)", "(a)\\1", "(?#c)", "\\", "(a{1000}){1000}"])
    func rejects(_ pattern: String) {
        #expect(throws: SopsError.self) { try RE2Pattern(pattern, setting: "encrypted_regex") }
    }

    /// Patterns a backtracking engine takes exponential time on (found while fuzzing: a committed
    /// file's `encrypted_regex` could stall every checkout) are matched in one pass here.
    @Test(.timeLimit(.minutes(1)), arguments: ["(a|a)*c", "^(a+)+$", "(a*)*b", "(.*a){20}"])
    func pathologicalPatternsStayLinear(_ pattern: String) throws {
        let text = String(repeating: "a", count: 20_000) + "!"
        #expect(try RE2Pattern(pattern, setting: "encrypted_regex").matches(text) == (pattern == "(.*a){20}"))
    }
}
