import KubectlPlugin
import Testing

@Suite struct ManifestValueTests {
    @Test func jsonRoundTripKeepsOrderAndEscapes() throws {
        let text = #"{"b":1,"a":[true,null,"x\ny\u00e9\ud83d\ude00"],"c":{}}"#
        let value = try ManifestValue.parseJSON(Array(text.utf8))
        #expect(value.fields?.map(\.key) == ["b", "a", "c"])
        #expect(value["a"] == .array([.bool(true), .null, .string("x\nyé😀")]))
        #expect(try ManifestValue.parseJSON(Array(value.json.utf8)) == value)
        #expect(try ManifestValue.parseJSON(Array(value.prettyJSON.utf8)) == value)
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "\"unterminated", String(repeating: "[", count: 201),
                      #""\q""#, "\"tab\there\"", "+1", "1.2.3", "01", "--1"])
    func malformedJSONIsRejected(text: String) {
        #expect(throws: KubectlPluginError.self) { try ManifestValue.parseJSON(Array(text.utf8)) }
    }

    @Test func jsonErrorSaysWhere() throws {
        #expect(throws: KubectlPluginError(.invalidManifest, "invalid JSON at byte 16: expected ':'")) {
            try ManifestValue.parseJSON(Array(#"{"kind":"x","a" 1}"#.utf8))
        }
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(try ManifestValue.parseJSON(Array(deep.utf8)).json == deep)
        #expect(try ManifestValue.parseJSON(Array("[1.50,-2e+3]".utf8)) == .array([.number("1.50"), .number("-2e+3")]))
    }

    @Test func yamlQuotesWhatWouldChangeType() {
        let value = ManifestValue.object([
            .init("plain", .string("hello world")), .init("bool", .string("yes")), .init("num", .string("0x1F")),
            .init("date", .string("2001-12-14")), .init("colon", .string("a: b")), .init("dash", .string("-")),
            .init("empty", .string("")), .init("block", .string("line1\nline2\n")), .init("strip", .string("a\nb")),
            .init("list", .array([.string("x"), .object([.init("k", .string("v")), .init("l", .number("1"))])])),
        ])
        #expect(value.yaml == """
            plain: hello world
            bool: "yes"
            num: "0x1F"
            date: "2001-12-14"
            colon: "a: b"
            dash: "-"
            empty: ""
            block: |
              line1
              line2
            strip: |-
              a
              b
            list:
            - x
            - k: v
              l: 1

            """)
    }
}
