import Testing
import LosslessYAML

/// yaml.v3 typing as spec/sops-format.md §2.2 and sops-ref's "Value typing" describe it.
@Suite struct ValueTypingTests {
    func value(_ text: String) throws -> YAMLValue {
        let values = try YAMLStream.parse("v: \(text)\n").values()
        return values[0]["v"]!
    }

    @Test(arguments: [
        ("true", YAMLValue.bool(true)), ("True", .bool(true)), ("FALSE", .bool(false)),
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("y", .string("y")),
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
        ("12", .int(12)), ("+12", .int(12)), ("-12", .int(-12)), ("0", .int(0)), ("-0", .int(0)),
        ("0777", .int(511)), ("017", .int(15)), ("0x1F", .int(31)), ("0o17", .int(15)), ("0b101", .int(5)),
        ("-0b101", .int(-5)), ("1_000", .int(1000)), ("9223372036854775807", .int(Int64.max)),
        ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775808", .uint64(9_223_372_036_854_775_808)),
        ("18446744073709551615", .uint64(UInt64.max)),
        ("18446744073709551616", .float(18446744073709551616.0)),
        ("08", .float(8)), ("09.5", .float(9.5)), ("1e3", .float(1000)), ("1.", .float(1)), (".5", .float(0.5)),
        ("-.5", .float(-0.5)), ("1.0", .float(1)), ("1e+23", .float(1e23)), ("1_0.5", .float(10.5)),
        (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)), ("+.INF", .float(.infinity)), (".nan", .float(.nan)),
        ("1e400", .string("1e400")), (".", .string(".")), ("0x", .string("0x")), ("1.2.3", .string("1.2.3")),
        ("0xG", .string("0xG")), ("-a", .string("-a")), ("infinity", .string("infinity")), ("nan", .string("nan")),
        ("<<", .string("<<")), ("1:20", .string("1:20")), ("0b", .string("0b")),
        ("'12'", .string("12")), ("\"true\"", .string("true")), ("!!str 12", .string("12")),
        ("!!int \"12\"", .int(12)), ("!!float 1", .float(1)), ("!!float '1e3'", .float(1000)),
        ("!!bool 'true'", .bool(true)), ("!!null ''", .null), ("!local 12", .string("12")), ("! 12", .int(12)),
        ("!!binary aGVsbG8=", .string("hello")), ("!!binary /w==", .bytes([0xFF])),
        ("|\n  a\n  b", .string("a\nb\n")),
    ])
    func plainScalarTyping(_ text: String, _ expected: YAMLValue) throws {
        #expect(try value(text) == expected)
    }

    @Test(arguments: [
        ("2024-01-01", "2024-01-01T00:00:00Z"),
        ("2001-12-14T21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00"),
        ("2001-12-14 21:59:43.10", "2001-12-14T21:59:43.1Z"),
        ("2001-12-14  21:59:43", "2001-12-14T21:59:43Z"),
        ("2006-01-02T15:04:05+07:06", "2006-01-02T15:04:05+07:06"),
        ("2024-1-2T3:4:5Z", "2024-01-02T03:04:05Z"),
        ("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00Z"),
        ("2024-01-01T00:00:00,5Z", "2024-01-01T00:00:00.5Z"),
        ("2024-01-01T00:00:00.1234567891Z", "2024-01-01T00:00:00.123456789Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
    ])
    func timestamps(_ text: String, _ rendered: String) throws {
        guard case .timestamp(let t) = try value(text) else {
            Issue.record("not a timestamp: \(text)")
            return
        }
        #expect(t.rfc3339 == rendered)
        #expect(t.marshalText == rendered)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+0100",
                      "2024-01-01 00:00:00 +01:00", "2024-001-01", "20240101", "2024-01-01T00:00:00z", "'2024-01-01'"])
    func notTimestamps(_ text: String) throws {
        if case .timestamp = try value(text) { Issue.record("unexpected timestamp: \(text)") }
    }

    @Test func offsetOf24HoursParsesButCannotBeMarshalled() throws {
        guard case .timestamp(let t) = try value("2024-01-01T00:00:00+24:00") else {
            Issue.record("not a timestamp")
            return
        }
        #expect(t.marshalText == nil)
    }

    @Test func tagMismatchFailsOrBecomesNull() throws {
        let stream = try YAMLStream.parse("a: !!bool yes\n")
        #expect(throws: YAMLError.self) { try stream.values() }
        #expect(try stream.values(onTagMismatch: .null)[0]["a"] == .null)
        do {
            _ = try stream.values()
        } catch {
            #expect(error.line == 1 && error.column == 4)
            #expect(!error.message.contains("yes"))
        }
    }

    @Test func aliasesExpandAndMergeKeyStaysLiteral() throws {
        let values = try YAMLStream.parse("base: &b {x: 1}\nd:\n  <<: *b\n  y: *b\n").values()
        let expected = YAMLValue.mapping([
            YAMLPair(.string("base"), .mapping([YAMLPair(.string("x"), .int(1))])),
            YAMLPair(.string("d"), .mapping([
                YAMLPair(.string("<<"), .mapping([YAMLPair(.string("x"), .int(1))])),
                YAMLPair(.string("y"), .mapping([YAMLPair(.string("x"), .int(1))])),
            ])),
        ])
        #expect(values == [expected])
    }

    @Test func duplicateKeysAndOrderAreKept() throws {
        let values = try YAMLStream.parse("b: 1\na: 2\nb: 3\n").values()
        #expect(values[0].mapping?.map(\.key) == [.string("b"), .string("a"), .string("b")])
    }

    @Test func documentsAndEmptyDocuments() throws {
        #expect(try YAMLStream.parse("").values() == [])
        #expect(try YAMLStream.parse("# only a comment\n").values() == [])
        #expect(try YAMLStream.parse("a: 1\n---\n").values() == [.mapping([YAMLPair(.string("a"), .int(1))]), .null])
        #expect(try YAMLStream.parse("--- 1\n--- 2\n").values() == [.int(1), .int(2)])
    }

    @Test func nonStringKeysAreTyped() throws {
        let values = try YAMLStream.parse("1: a\ntrue: b\n~: c\n2024-01-01: d\n").values()
        let keys = values[0].mapping!.map(\.key)
        #expect(keys[0] == .int(1) && keys[1] == .bool(true) && keys[2] == .null)
        if case .timestamp = keys[3] {} else { Issue.record("timestamp key") }
    }
}
