import Crypto
import HTTP
import JSON
import Testing
import TextEncoding

@Suite struct SecretBase64Tests {
    @Test func decodesIntoSecretBytes() {
        #expect(Base64.decodeSecret(Array("AAECAw==".utf8)) == SecretBytes([0, 1, 2, 3]))
        #expect(Base64.decodeSecret(Array("AAECAw".utf8)) == SecretBytes([0, 1, 2, 3]))
        #expect(Base64.decodeSecret(Array("AAECAw=".utf8)) == nil)
    }
}

@Suite struct JSONDocumentTests {
    @Test func parsesNestedValues() throws {
        let doc = try #require(JSONDocument(parsing: #" {"a": [1, -2.5e3, true, null, "x"], "b": {"c": "\u00e9\ud83d\ude00\n\"\\\/"}} "#))
        let a = try #require(doc.root["a"]?.array)
        #expect(a.count == 5)
        #expect(a[0].integer == 1)
        #expect(a[1].integer == nil)
        #expect(a[2].bool == true)
        #expect(a[3].isNull)
        #expect(a[4].string == "x")
        #expect(doc.root["b"]?["c"]?.string == "é😀\n\"\\/")
        #expect(doc.root["missing"] == nil)
        #expect(doc.root["b"]?.members?.map(\.key) == ["c"])
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"\u{01}\"", "{\"a\":1} x", "\"\\ud800\"", "tru", "-", "1."])
    func rejectsMalformedJSON(_ text: String) {
        #expect(JSONDocument(parsing: text) == nil)
    }

    @Test func limitsNesting() {
        #expect(JSONDocument(parsing: String(repeating: "[", count: 63) + String(repeating: "]", count: 63)) != nil)
        #expect(JSONDocument(parsing: String(repeating: "[", count: 65) + String(repeating: "]", count: 65)) == nil)
    }

    @Test func keepsNumberText() throws {
        let doc = try #require(JSONDocument(parsing: #"[1.50, -0, 2E+10, 12345678901234567890123, "7"]"#))
        #expect(doc.root.array?.map(\.numberText) == ["1.50", "-0", "2E+10", "12345678901234567890123", nil])
        #expect(doc.root[1]?.integer == 0)
    }

    @Test func callerChoosesTheDepthLimit() throws {
        #expect(throws: Never.self) { try parse(String(repeating: "[", count: 200) + String(repeating: "]", count: 200), maxDepth: 200) }
        let tooDeep = String(repeating: "[", count: 201) + String(repeating: "]", count: 201)
        #expect(failure(tooDeep, maxDepth: 200) == Failure(200, "nested deeper than 200 levels"))
        #expect(failure(#"{"a":{"b":1}}"#, maxDepth: 2) == Failure(10, "nested deeper than 2 levels"))
    }

    @Test(arguments: [
        (#"{"a" 1}"#, 5, "expected ':'"), ("[1,]", 3, "unexpected character"), ("[1 2]", 3, "expected ']'"),
        ("{1:2}", 1, "expected a string key"), (#""\q""#, 2, "invalid escape"), ("\"a\u{01}\"", 2, "control character in string"),
        (#""\u12x4""#, 5, #"bad \u escape"#), (#""\ud800x""#, 7, "unpaired surrogate"), ("01", 1, "malformed number"),
        ("-x", 1, "malformed number"), ("1.e5", 2, "malformed number"), ("1.", 2, "unexpected end"),
        ("trux", 3, "invalid literal"), ("tru", 3, "unexpected end"), ("\"abc", 4, "unterminated string"),
        (#"{"a":1} x"#, 8, "trailing characters"), ("", 0, "unexpected end"),
    ])
    func saysWhereParsingFailed(text: String, offset: Int, reason: String) {
        #expect(failure(text, maxDepth: 64) == Failure(offset, reason))
        #expect(JSONDocument(parsing: text) == nil)
    }

    private func parse(_ text: String, maxDepth: Int) throws -> JSONDocument {
        try Array(text.utf8).withUnsafeBytes { try JSONDocument(parsing: $0, maxDepth: maxDepth) }
    }

    private struct Failure: Equatable {
        let offset: Int, reason: String
        init(_ offset: Int, _ reason: String) { (self.offset, self.reason) = (offset, reason) }
    }

    private func failure(_ text: String, maxDepth: Int) -> Failure? {
        do {
            _ = try parse(text, maxDepth: maxDepth)
            return nil
        } catch let error as JSONDocument.SyntaxError {
            return Failure(error.offset, error.reason)
        } catch {
            return nil
        }
    }

    @Test func readsBase64StringsAsSecrets() throws {
        let doc = try #require(JSONDocument(parsing: #"{"Plaintext":"+/8=","url":"-_8"}"#))
        #expect(doc.root["Plaintext"]?.secret() == SecretBytes([0xfb, 0xff]))
        #expect(doc.root["url"]?.secret(base64: .url) == SecretBytes([0xfb, 0xff]))
        #expect(doc.root["Plaintext"]?.secret(base64: .url) == nil)
    }

    @Test func bodyRoundTripsThroughTheParser() throws {
        let body = JSONBody.object([("s", .string("a\"b\\c\n\u{01}é")), ("n", .integer(-3)), ("t", .bool(false)),
                                    ("z", .null), ("l", .array([.string("x")])),
                                    ("k", .base64Secret(SecretBytes([0xfb, 0xff]), .standard))])
        let text = body.encoded().withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(text == #"{"s":"a\"b\\c\n\u0001é","n":-3,"t":false,"z":null,"l":["x"],"k":"+/8="}"#)
        let doc = try #require(JSONDocument(parsing: text))
        #expect(doc.root["s"]?.string == "a\"b\\c\n\u{01}é")
    }
}

@Suite struct UTCTimeTests {
    @Test func formatsAndParses() throws {
        let t = try #require(UTCTime(rfc3339: "2015-08-30T12:36:00Z"))
        #expect(t.secondsSinceEpoch == 1_440_938_160)
        #expect(t.rfc3339 == "2015-08-30T12:36:00Z")
        #expect(t.basicISO8601 == "20150830T123600Z")
        #expect(t.basicDate == "20150830")
        #expect(UTCTime(rfc3339: "2015-08-30T14:36:00.123+02:00") == t)
        #expect(UTCTime(rfc3339: "2015-08-30t12:36:00.5z") == t)
        #expect(UTCTime(secondsSinceEpoch: 951_782_400).rfc3339 == "2000-02-29T00:00:00Z")
        #expect(UTCTime(secondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00Z")
    }

    @Test(arguments: ["2015-08-30", "2015-13-01T00:00:00Z", "2015-08-30T12:36:00", "2015-08-30T12:36:00+0200", "x"])
    func rejectsOtherForms(_ text: String) {
        #expect(UTCTime(rfc3339: text) == nil)
    }
}
