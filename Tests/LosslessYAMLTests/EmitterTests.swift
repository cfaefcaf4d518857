import Foundation
import Testing
import TestSupport
import LosslessYAML

/// The emitter writes what go-yaml v3 (sops) writes (spec/sops-format.md §2.6).
@Suite struct EmitterTests {
    func emit(_ value: YAMLValue, indent: Int = 4) -> String {
        YAMLEmitter(indent: indent).string([YAMLOutputNode(value)])
    }

    func map(_ pairs: [(String, YAMLValue)]) -> YAMLValue {
        .mapping(pairs.map { YAMLPair(.string($0.0), $0.1) })
    }

    @Test func sopsMetadataBlockIsByteIdentical() throws {
        let bytes = Array(try Data(contentsOf: SharedFixtures.sops("format.enc.yaml")))
        let values = try YAMLStream.parse(bytes).values()
        #expect(YAMLEmitter(indent: 4).emit(values: values) == bytes)
    }

    @Test func indentationRules() {
        let value = map([("a", .sequence([.string("x"), map([("y", map([("z", .int(1))])), ("w", .int(2))])]))])
        #expect(emit(value, indent: 4) == "a:\n    - x\n    - \"y\":\n        z: 1\n      w: 2\n")
        #expect(emit(value, indent: 2) == "a:\n  - x\n  - \"y\":\n      z: 1\n    w: 2\n")
        let nested = map([("a", map([("b", .sequence([.sequence([.int(1), .int(2)]), .mapping([])]))]))])
        #expect(emit(nested, indent: 2) == "a:\n  b:\n    - - 1\n      - 2\n    - {}\n")
    }

    @Test(arguments: [
        ("plain", "plain"), ("123", "\"123\""), ("true", "\"true\""), ("null", "\"null\""), ("1.5", "\"1.5\""),
        ("2025-01-01T00:00:00Z", "\"2025-01-01T00:00:00Z\""), ("y", "\"y\""), ("Yes", "\"Yes\""), ("off", "\"off\""),
        ("1:20", "\"1:20\""), ("a\tb", "\"a\\tb\""), ("bell\u{7}", "\"bell\\a\""), (" lead", "' lead'"),
        ("trail ", "'trail '"), ("#x", "'#x'"), ("- x", "'- x'"), ("-", "'-'"), ("a: b", "'a: b'"), ("a #b", "'a #b'"),
        ("end:", "'end:'"), ("it's", "it's"), ("'q'", "'''q'''"), ("-x", "-x"), ("?x", "?x"), (":x", ":x"),
        ("a:b", "a:b"), ("x]", "x]"), ("x,y", "x,y"), ("", "\"\""), ("<<", "!!merge <<"), ("é✓", "é✓"),
        ("😀", "\"\\U0001F600\""), ("---", "'---'"), ("~", "\"~\""), ("0x1F", "\"0x1F\""), ("08", "\"08\""),
        ("ENC[AES256_GCM,data:a+/=,iv:b,tag:c,type:str]", "ENC[AES256_GCM,data:a+/=,iv:b,tag:c,type:str]"),
    ])
    func stringQuoting(_ value: String, _ written: String) {
        #expect(emit(map([("k", .string(value))])) == "k: \(written)\n")
    }

    @Test func keysFollowTheSameRules() {
        #expect(emit(map([("y", .int(1)), ("n", .int(2)), ("a b", .null)])) == "\"y\": 1\n\"n\": 2\na b: null\n")
    }

    @Test(arguments: [
        (0.5, "0.5"), (1e21, "1e+21"), (1.5e-07, "1.5e-07"), (1000, "1000"), (1e6, "1e+06"), (123456, "123456"),
        (1234568000, "1.234568e+09"), (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.5, "-2.5"), (1, "1"),
        (Double.infinity, ".inf"), (-Double.infinity, "-.inf"), (Double.nan, ".nan"), (0, "0"), (1234.56789, "1234.56789"),
    ])
    func floats(_ value: Double, _ written: String) {
        #expect(emit(map([("f", .float(value))])) == "f: \(written)\n")
    }

    @Test func otherScalars() {
        let t = YAMLTimestamp(year: 2001, month: 12, day: 14, hour: 21, minute: 59, second: 43,
                              nanosecond: 100_000_000, utcOffsetSeconds: -5 * 3600)
        #expect(emit(map([("t", .timestamp(t)), ("b", .bool(true)), ("z", .null), ("i", .int(-3)),
                          ("u", .uint64(UInt64.max))]))
                == "t: 2001-12-14T21:59:43.1-05:00\nb: true\nz: null\ni: -3\nu: 18446744073709551615\n")
        #expect(emit(map([("bin", .bytes([0xFF, 0xFE]))])) == "bin: !!binary //4=\n")
    }

    @Test func literalBlocks() {
        #expect(emit(map([("k", .string("a\nb\n"))])) == "k: |\n    a\n    b\n")
        #expect(emit(map([("k", .string("a\nb"))])) == "k: |-\n    a\n    b\n")
        #expect(emit(map([("k", .string("a\n\n"))])) == "k: |+\n    a\n\n")
        #expect(emit(map([("k", .string(" a\nb"))])) == "k: |4-\n     a\n    b\n")
        // yaml.v3 v3.0.1 drops a leading empty line of a literal block (go-yaml issue 755); sops does too.
        #expect(emit(map([("k", .string("\na"))]), indent: 2) == "k: |2-\n  a\n")
        #expect(emit(map([("k", .string("a \nb"))])) == "k: \"a \\nb\"\n")
        let pgp = map([("pgp", .sequence([map([("enc", .string("-----BEGIN-----\n\nxyz\n-----END-----")), ("fp", .string("F"))])]))])
        #expect(emit(pgp) == "pgp:\n    - enc: |-\n        -----BEGIN-----\n\n        xyz\n        -----END-----\n      fp: F\n")
    }

    @Test func documentsAndEmptyCollections() {
        let emitter = YAMLEmitter(indent: 2)
        #expect(emitter.string([YAMLOutputNode(map([("a", .int(1))])), YAMLOutputNode(.mapping([]))]) == "a: 1\n---\n{}\n")
        #expect(emit(map([("e", .sequence([])), ("m", .mapping([]))])) == "e: []\nm: {}\n")
        #expect(emitter.emit([]) == [])
    }

    @Test func sopsCommentPlacement() {
        // comments.enc.yaml decrypted: head comments of keys.
        let doc = YAMLOutputNode(.entries([
            YAMLOutputPair(key: YAMLOutputNode(.string("lorem"), headComment: [" first comment in file"]), value: YAMLOutputNode(.string("ipsum"))),
            YAMLOutputPair(key: YAMLOutputNode(.string("dolor"), headComment: [" this-is-a-comment"]), value: YAMLOutputNode(.string("sit"))),
        ]))
        #expect(YAMLEmitter(indent: 4).string([doc]) == "# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n")
    }

    @Test func footCommentsAndBlankLineAfterThem() {
        let list = YAMLOutputNode(.entries([YAMLOutputPair("list", YAMLOutputNode(.items([
            YAMLOutputNode(.string("a"), footComment: [" c"]), YAMLOutputNode(.string("b")),
        ])))]))
        #expect(YAMLEmitter(indent: 4).string([list]) == "list:\n    - a\n    # c\n\n    - b\n")
        let line = YAMLOutputNode(.entries([YAMLOutputPair("k", YAMLOutputNode(.string("v"), lineComment: [" inline"]))]))
        #expect(YAMLEmitter(indent: 4).string([line]) == "k: v # inline\n")
    }

    /// spec/sops-format.md §11.2.1: `example.yaml` decrypted, built the way sops builds its nodes.
    @Test func specExampleDecrypted() throws {
        func n(_ v: YAMLValue) -> YAMLOutputNode { YAMLOutputNode(v) }
        func m(_ pairs: [YAMLOutputPair]) -> YAMLOutputNode { YAMLOutputNode(.entries(pairs)) }
        func key(_ k: String, foot: [String] = []) -> YAMLOutputNode { YAMLOutputNode(.string(k), footComment: foot) }
        let rsa = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIBPAIBAAJBAPTMNIyHuZtpLYc7VsHQtwOkWYobkUblmHWRmbXzlAX6K8tMf3Wf
        -----END RSA PRIVATE KEY-----

        """
        let doc = m([
            YAMLOutputPair("myapp1", n(.string("t00m4nys3cr3tzupdated"))),
            YAMLOutputPair("app2", m([
                YAMLOutputPair("db", m([
                    YAMLOutputPair("user", n(.string("eve"))),
                    YAMLOutputPair(key: key("password", foot: [" private key for secret operations in app2"]), value: n(.string("c4r1b0u"))),
                ])),
                YAMLOutputPair("key", n(.string(rsa))),
            ])),
            YAMLOutputPair("number", n(.float(1234568000))),
            YAMLOutputPair("somebooleans", n(.sequence([.bool(true), .bool(false)]))),
            YAMLOutputPair("this", m([YAMLOutputPair("is", m([YAMLOutputPair("a", m([YAMLOutputPair("nested", m([
                YAMLOutputPair(key: key("value", foot: [" sops supports unencrypted fields", " by adding the `_unencrypted` suffix", " to any key"]),
                               value: n(.string("with something secret in it"))),
            ]))]))]))])),
            YAMLOutputPair("nested_unencrypted", m([YAMLOutputPair("this", m([YAMLOutputPair("is", m([
                YAMLOutputPair("all", n(.string("going to remain in clear text"))),
            ]))]))])),
        ])
        #expect(YAMLEmitter(indent: 4).string([doc]) == """
        myapp1: t00m4nys3cr3tzupdated
        app2:
            db:
                user: eve
                password: c4r1b0u
                # private key for secret operations in app2
            key: |
                -----BEGIN RSA PRIVATE KEY-----
                MIIBPAIBAAJBAPTMNIyHuZtpLYc7VsHQtwOkWYobkUblmHWRmbXzlAX6K8tMf3Wf
                -----END RSA PRIVATE KEY-----
        number: 1.234568e+09
        somebooleans:
            - true
            - false
        this:
            is:
                a:
                    nested:
                        value: with something secret in it
                        # sops supports unencrypted fields
                        # by adding the `_unencrypted` suffix
                        # to any key
        nested_unencrypted:
            this:
                is:
                    all: going to remain in clear text

        """)
    }

    @Test func emittedTextParsesBackToTheSameValues() throws {
        let value = map([("s", .string("x: y")), ("q", .string("'")), ("l", .string("a\n b\n")), ("n", .null),
                         ("list", .sequence([.string("-"), .string(""), .float(0.1), .int(7)])),
                         ("t", .timestamp(YAMLTimestamp(year: 2024, month: 1, day: 1)))])
        for indent in [2, 4] {
            let text = YAMLEmitter(indent: indent).emit(values: [value])
            #expect(try YAMLStream.parse(text).values() == [value])
        }
    }
}
