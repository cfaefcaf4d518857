import TextEncoding
import Testing

@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors, in every padded dialect.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func rfc4648Vectors(plain: String, encoded: String) {
        for dialect in [Base64.Dialect.standard, .strict, .lenientPadding, .whitespaceTolerant] {
            #expect(Base64.encode(Array(plain.utf8), dialect) == encoded)
            #expect(Base64.decode(encoded, dialect) == Array(plain.utf8))
        }
        let raw = String(encoded.prefix { $0 != "=" })
        #expect(Base64.encode(Array(plain.utf8), .raw) == raw)
        #expect(Base64.decode(raw, .raw) == Array(plain.utf8))
    }

    /// Go's `StdEncoding` (sops, Kubernetes): line breaks skipped, padding required, trailing bits free.
    @Test func standardIsGosLenientDecoder() {
        #expect(Base64.decode("ZGF0\r\nYQ==") == Array("data".utf8))
        #expect(Base64.decode("Zh==") == Array("f".utf8))
        #expect(Base64.decode("Zg") == nil)
        #expect(Base64.decode("Zg= =") == nil)
        #expect(Base64.decode("ZG F0") == nil)
    }

    /// age: unpadded, canonical, nothing skipped.
    @Test func rawIsCanonicalAndUnpadded() {
        #expect(Base64.decode("Zg", .raw) == Array("f".utf8))
        #expect(Base64.decode("Zg==", .raw) == nil)
        #expect(Base64.decode("Zh", .raw) == nil)
        #expect(Base64.decode("Zm\n9v", .raw) == nil)
        #expect(Base64.decode("Zh==", .strict) == nil)
    }

    @Test func urlDialectIsUnpaddedWithDashAndUnderscore() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf, 0x01]
        #expect(Base64.encode(bytes) == "+/+/AQ==")
        #expect(Base64.encode(bytes, .url) == "-_-_AQ")
        #expect(Base64.decode("-_-_AQ", .url) == bytes)
        #expect(Base64.decode("-_-_AQ==", .url) == bytes)
        #expect(Base64.decode("+/+/AQ", .url) == nil)
    }

    @Test func whitespaceTolerantSkipsSpacesAndLineBreaks() {
        #expect(Base64.decode(" Zm9v\n  YmFy\t", .whitespaceTolerant) == Array("foobar".utf8))
    }

    @Test(arguments: ["Zg=", "Z", "Zm9v!", "=Zm9", "Zm9v=", "Zg===", "Zm=9v"])
    func rejectsMalformedInput(_ text: String) {
        #expect(Base64.decode(text) == nil)
        #expect(Base64.decode(text, .strict) == nil)
    }
}
