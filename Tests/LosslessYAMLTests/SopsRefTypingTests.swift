import Foundation
import Testing
import TestSupport
import TestTraits
import LosslessYAML

/// Differential test of the value view against `sops_ref.py` (the independent implementation of
/// sops' yaml.v3 typing): thousands of generated plain scalars must get the same type and value.
@Suite(.needsSopsRef) struct SopsRefTypingTests {
    static let fragments = ["0", "1", "7", "8", "9", "12", "_", ".", "e", "E", "+", "-", "0x", "0o", "0b", "1F",
                            "inf", "nan", ".inf", ".NaN", "2024", "-01", "-1", "-29", "T", "t", " ", "12:30:45",
                            ":", "Z", "+05:00", "-24:00", ".5", ",123", "~", "null", "true", "True", "FALSE", "yes",
                            "n", "<<", "9223372036854775807", "18446744073709551615", "1e400", "0.000001",
                            "0o-", "0b+", "-0o", "-0b", "0x-"]

    /// Plain scalars that survive `k: <text>` unchanged in our parser.
    static func corpus() -> [String] {
        var rng = SplitMix64(seed: 42)
        var seen: Set<String> = []
        var result: [String] = []
        for _ in 0..<6000 {
            var text = ""
            for _ in 0..<(1 + Int(rng.next() % 4)) { text += fragments[Int(rng.next() % UInt64(fragments.count))] }
            guard !seen.contains(text), let stream = try? YAMLStream.parse("k: \(text)\n"),
                  case .entry(let entry)? = stream.children(of: stream.documents[0].root).first,
                  stream.node(entry.value).scalarStyle == .plain, stream.scalarValue(of: entry.value) == text,
                  stream.children(of: stream.documents[0].root).count == 1
            else { continue }
            seen.insert(text)
            result.append(text)
        }
        return result
    }

    @Test func typingMatchesSopsRef() throws {
        guard Command.exists("python3") else {
            Issue.record("python3 is required for the sops-ref interop test")
            return
        }
        let scalars = Self.corpus()
        #expect(scalars.count > 1500)
        let yaml = scalars.enumerated().map { "k\($0.offset): \($0.element)" }.joined(separator: "\n") + "\n"
        let directory = try TemporaryDirectory("yaml-typing")
        let file = try directory.file("scalars.yaml", contents: yaml)
        let result = try Command.run("python3", [SharedFixtures.sopsRef.path, "plain", file.path, "--typed"])
        try #require(result.status == 0, "\(result.err)")
        let reference = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: [String: Any]])
        let mine = try #require(try YAMLStream.parse(yaml).values()[0].mapping)
        var mismatches: [String] = []
        for (index, pair) in mine.enumerated() {
            guard let expected = reference["k\(index)"], let type = expected["type"] as? String else {
                mismatches.append("k\(index) missing")
                continue
            }
            if !Self.same(pair.value, type: type, value: expected["value"] as Any) {
                mismatches.append("\(scalars[index]) → mine \(pair.value), sops-ref \(type) \(expected["value"] ?? "nil")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    static func same(_ value: YAMLValue, type: String, value reference: Any) -> Bool {
        switch (value, type) {
        case (.string(let s), "str"): return s == reference as? String
        case (.null, "null"): return true
        case (.bool(let b), "bool"): return b == reference as? Bool
        case (.int(let i), "int"): return (reference as? NSNumber)?.int64Value == i
        case (.uint64(let u), "uint64"): return (reference as? NSNumber)?.uint64Value == u
        case (.timestamp(let t), "time"): return t.rfc3339 == reference as? String
        case (.float(let f), "float"):
            if let text = reference as? String {
                return (text == "NaN" && f.isNaN) || (text == "+Inf" && f == .infinity) || (text == "-Inf" && f == -.infinity)
            }
            // Parse the number's decimal text: NSDecimalNumber.doubleValue does not round correctly.
            return (reference as? NSNumber).flatMap { Double($0.stringValue) } == f
        default: return false
        }
    }
}
