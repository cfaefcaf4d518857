import Crypto
@testable import Sops
import TestSupport
import Testing
import TextEncoding

/// spec §11.3 (AES-GCM, types, MAC) and §5 MAC check values, plus Go number/time spellings.
@Suite struct VectorTests {
    static let key = SecretBytes(Array(0..<32))
    static let iv = Array(UInt8(0x20)..<0x40)
    static let ivBase64 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="

    /// A cipher that uses the vector IV for exactly this (aad, value).
    static func cipher(for value: SopsValue, aad: String) throws -> ValueCipher {
        var cache = IVCache()
        cache.record(aad: aad, type: ValueType.of(value)!, plaintext: try ValueType.plaintext(of: value), iv: iv)
        return ValueCipher(dataKey: key, ivCache: cache)
    }

    static let vectors: [(SopsValue, String, String, String, String)] = [
        (.text("bar"), "foo:", "daCD", "ILGEaXbtAmhTXDy/1TqlUw==", "str"),
        (.int(42), "a:b:", "I/M=", "NKym+LP30Au1j6yBfiH7XA==", "int"),
        (.float(1234.56789), "number:", "JvPCfKM64BT+aA==", "IwATGCyLiqMxVAA6JPE7tQ==", "float"),
        (.bool(true), "flags:", "Q7OELQ==", "/idaZC+rDnwunLprUhFRVA==", "bool"),
        (.comment(SopsComment(" hello")), ":", "N6mUJOFg", "x98No0SJXrSytFv+NIzfBw==", "comment"),
        (.text("héllo ✓"), "x:y:", "fwJYJOFg9sFawg==", "W6kbIHjnlOVkDogIRvjazQ==", "str"),
        (.time(SopsTime(year: 2024, month: 1, day: 1)), "d:", "JfHDfKA/5w72YDJH1rpRz72hh/4=", "2gCfWdJPduCVbuLzqNbDnA==", "time"),
    ]

    @Test(arguments: vectors.indices)
    func encryptedValueVector(_ index: Int) throws {
        let (value, aad, data, tag, type) = Self.vectors[index]
        let text = try Self.cipher(for: value, aad: aad).encrypt(value, aad: aad)
        #expect(text == "ENC[AES256_GCM,data:\(data),iv:\(Self.ivBase64),tag:\(tag),type:\(type)]")
        var decrypting = ValueCipher(dataKey: Self.key)
        #expect(try decrypting.decrypt(Array(text.utf8), aad: aad) == value)
    }

    @Test func macVector() throws {
        let mac = "D82C4EB5261CB9C8AA9855EDD67D1BD10482F41529858D925094D173FA662AA91FF39BC5B188615273484021DFB16FD8284CF684CCF0FC795BE3AA2FC1E6C181"
        let text = try Self.cipher(for: .text(mac), aad: "2025-01-01T00:00:00Z").encrypt(.text(mac), aad: "2025-01-01T00:00:00Z")
        #expect(text.hasPrefix("ENC[AES256_GCM,data:U/nDC7lKlBb0Z1c0pLkix8bQjpxewmwU4wYKk65NvMDE2ViIBcvCixa5TKq/EaF9N0i4buA9Aq+NQHTLAszLyv76DHpALQ6Du4BWOeaFwdKKbJ1HvjFvh/iECyGFYJ+BiOeBnYpVueE1TpYqFPOiesA5usIiMmC4O/n5BxPnN6g=,iv:"))
        #expect(text.hasSuffix(",tag:LUoZz96/tlHD7aEtIlTdgA==,type:str]"))
    }

    static func mac(_ branch: SopsBranch, rule: SelectionRule = .default, macOnlyEncrypted: Bool = false) throws -> String {
        var tree = TreeCipher(selector: try LeafSelector(rule), macOnlyEncrypted: macOnlyEncrypted, cipher: ValueCipher(dataKey: key))
        return try tree.mac(of: [branch])
    }

    @Test func macInputs() throws {
        #expect(try Self.mac([.entry("foo", .text("bar"))]).hasPrefix("D82C4EB5261CB9C8"))
        let branch: SopsBranch = [
            .entry("a", .int(1)), .entry("b", .bool(true)), .entry("c", .float(1.5)),
            .entry("d", .sequence([.text("x"), .null, .text("")])), .entry("e", .time(SopsTime(year: 2024, month: 1, day: 1))),
            .comment(SopsComment(" comments are never hashed")),
        ]
        #expect(try Self.mac(branch) == "1BF07870B519708365DD2B923E446A3D980874154E9444159950B8B28C606DE68A657EA814425205D997C2210765CC0CC42053767E89DC469DED13A62E5882DB")
        let mixed: SopsBranch = [.entry("foo", .text("bar")), .entry("baz_unencrypted", .text("qux"))]
        #expect(try Self.mac(mixed, macOnlyEncrypted: true) == "E4D33C9161147B8148E758E25EFEF042C42E23F851C821A45A73D957DD94A389B17D774B40A3C9700433C43282F7B11D1336810817119B60410FDA1517A651E1")
        #expect(try Self.mac(mixed) == "6BB72C7027E8E65C6FB78DD681878C79E368E96F867FA8588EB19EA8AF0C4F101910E431915790033575BBA980FBAC9A8A9DE4FB763D46F0600532E0D0C51BDB")
    }

    @Test func goFloatSpellings() {
        #expect(GoFloat.formatF(1234568000) == "1234568000")
        #expect(GoFloat.formatG(1234568000) == "1.234568e+09")
        #expect(GoFloat.formatF(1e21) == "1000000000000000000000")
        #expect(GoFloat.formatF(1.5e-7) == "0.00000015")
        #expect(GoFloat.formatF(1.0) == "1")
        #expect(GoFloat.formatG(1000) == "1000")
        #expect(GoFloat.formatG(1e21) == "1e+21")
        #expect(GoFloat.formatG(1.5e-7) == "1.5e-07")
        #expect(GoFloat.formatG(0.5) == "0.5")
        #expect(GoFloat.formatJSON(1e21) == "1e+21")
        #expect(GoFloat.formatJSON(1e-7) == "1e-7")
        #expect(GoFloat.formatJSON(25.4) == "25.4")
        #expect(GoFloat.formatValueString(1) == "1.0")
        #expect(GoFloat.formatValueString(1e21) == "1E+21")
        #expect(GoFloat.formatF(.infinity) == "+Inf")
        #expect(GoFloat.parse("1_000.5") == 1000.5)
        #expect(GoFloat.parse("1e400") == nil)
        #expect(GoFloat.parse("NaN")?.isNaN == true)
    }

    @Test func timestamps() throws {
        #expect(try SopsTime(year: 2001, month: 12, day: 14, hour: 21, minute: 59, second: 43, nanosecond: 100_000_000,
                             utcOffsetSeconds: -5 * 3600).sopsMarshalText() == "2001-12-14T21:59:43.1-05:00")
        #expect(SopsTime.parseRFC3339("2026-05-22T20:16:23Z", strict: true) == SopsTime(year: 2026, month: 5, day: 22, hour: 20, minute: 16, second: 23))
        #expect(SopsTime.parseRFC3339("2026-02-30T00:00:00Z", strict: false) == nil)
        #expect(SopsTime(unixSeconds: 0).rfc3339Seconds == "1970-01-01T00:00:00Z")
        #expect(SopsTime(unixSeconds: 1_767_225_600).rfc3339Seconds == "2026-01-01T00:00:00Z")
    }

    @Test func base64LikeGo() {
        #expect(Base64.encode(Array("data".utf8)) == "ZGF0YQ==")
        #expect(Base64.decode(Array("ZGF0YQ==".utf8)) == Array("data".utf8))
        #expect(Base64.decode(Array("ZGF0\r\nYQ==".utf8)) == Array("data".utf8))
        #expect(Base64.decode(Array("ZGF0YQ".utf8)) == nil)
        #expect(Base64.decode(Array("ZGF0YQ=".utf8)) == nil)
        #expect(Base64.decode(Array("ZGF0YQ==ZA==".utf8)) == nil)
        #expect(Base64.decode(Array("ZG!0".utf8)) == nil)
        #expect(Base64.decode(Array("ZGE=".utf8)) == Array("da".utf8))
        #expect(Base64.decode([]) == [])
    }

    @Test func encryptedValueGrammar() throws {
        #expect(try EncryptedValue(parsing: Array("ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]trailing".utf8))?.type == "str")
        #expect(try EncryptedValue(parsing: Array(" ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]".utf8)) == nil)
        #expect(try EncryptedValue(parsing: Array("ENC[AES256_GCM,data:AA==,iv:AA==,type:str]".utf8)) == nil)
        #expect(throws: SopsError.self) { try EncryptedValue(parsing: Array("ENC[AES256_GCM,data:A,iv:AA==,tag:AA==,type:str]".utf8)) }
        var cipher = ValueCipher(dataKey: Self.key)
        #expect(throws: SopsError.self) { try cipher.decrypt(Array("ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:nope]".utf8), aad: "") }
        #expect(try cipher.decrypt([], aad: "a:") == .text(""))
    }

    @Test func selectionRulesAndActiveComments() throws {
        let suffix = try LeafSelector(.unencryptedSuffix("_unencrypted"))
        #expect(!suffix.shouldEncrypt(path: ["nested_unencrypted", "this"], comments: [], isComment: false))
        #expect(suffix.shouldEncrypt(path: [], comments: [], isComment: true))
        let encryptedRegex = try LeafSelector(.encryptedRegex("^(data|stringData)$"))
        #expect(encryptedRegex.shouldEncrypt(path: ["data", "password"], comments: [], isComment: false))
        #expect(!encryptedRegex.shouldEncrypt(path: ["metadata", "name"], comments: [], isComment: false))
        #expect(!encryptedRegex.shouldEncrypt(path: [], comments: [], isComment: true))
        let enc = try LeafSelector(.encryptedCommentRegex("sops:enc"))
        #expect(!enc.shouldEncrypt(path: [], comments: [[" sops:enc"]], isComment: true))
        #expect(enc.shouldEncrypt(path: ["k"], comments: [[" sops:enc"]], isComment: false))
        #expect(enc.shouldEncrypt(path: [], comments: [[" sops:enc", " next"]], isComment: true))
        let noCrypt = try LeafSelector(.unencryptedCommentRegex("sops:nocrypt"))
        #expect(!noCrypt.shouldEncrypt(path: ["k"], comments: [[" sops:nocrypt"], []], isComment: false))
        #expect(throws: SopsError.self) { try LeafSelector(.encryptedRegex("(?=x)")) }
        #expect(throws: SopsError.self) { try LeafSelector(.encryptedRegex("(a)\\1")) }
    }

    @Test func metadataFlatteningRoundTrips() throws {
        let pairs: [(String, String)] = [("key_groups__list_0__map_age__list_0__map_recipient", "r"), ("lastmodified", "2026-05-22T20:15:29Z"),
                                         ("pgp__list_0__map_enc", "x\ny"), ("pgp__list_0__map_fp", "FP")]
        let tree = try MetadataFlattening.unflatten(pairs)
        let flat = try MetadataFlattening.flatten(tree, prefix: "sops_")
        #expect(flat.map(\.0) == pairs.map { "sops_" + $0.0 })
        #expect(flat.map(\.1) == pairs.map(\.1))
        #expect(throws: SopsError.self) { try MetadataFlattening.unflatten([("a__list_1", "x")]) }
        #expect(throws: SopsError.self) { try MetadataFlattening.unflatten([("a", "x"), ("a__map_b", "y")]) }
        #expect(throws: SopsError.self) { try MetadataFlattening.unflatten([("a", "x"), ("a", "y")]) }
    }
}
