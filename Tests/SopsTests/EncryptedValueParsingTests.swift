@testable import Sops
import Testing

/// `EncryptedValue(parsing:)` against sops' own definition, the regular expression
/// `^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]` (greedy groups, `.` stops at a line
/// break), on values built from its separators; and in linear time on hostile repetitions of them.
@Suite struct EncryptedValueParsingTests {
    static let pieces = [",iv:", ",tag:", ",type:", "]", "AA==", "AAAA", "x", "\n", "str"]

    @Test func agreesWithSopsRegex() throws {
        let regex = try Regex(#"^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]"#)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var text = "ENC[AES256_GCM,data:"
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for shift in stride(from: 0, to: Int(state >> 60) * 4, by: 4) {
                text += Self.pieces[Int((state >> UInt64(shift % 60)) & 0xF) % Self.pieces.count]
            }
            let expected = try regex.prefixMatch(in: text)
            let parsed: EncryptedValue?
            do {
                parsed = try EncryptedValue(parsing: Array(text.utf8))
            } catch {
                #expect(expected != nil, "\(text.debugDescription) threw but the regex does not match")
                continue
            }
            #expect((parsed == nil) == (expected == nil), "\(text.debugDescription)")
            if let parsed, let expected, let type = expected.output[4].substring {
                #expect(parsed.type == String(type), "\(text.debugDescription)")
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func repeatedSeparatorsParseInLinearTime() throws {
        let text = "ENC[AES256_GCM,data:" + String(repeating: "A,iv:", count: 3000) + String(repeating: "A,tag:", count: 3000)
            + String(repeating: "A,type:", count: 3000) + "x"
        #expect(try EncryptedValue(parsing: Array(text.utf8)) == nil)
    }
}
