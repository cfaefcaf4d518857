import Crypto

/// Encrypts and decrypts single values with the data key (spec/sops-format.md §3): AES-256-GCM,
/// 32-byte IV, AAD = the value's path string.
struct ValueCipher {
    static let ivLength = 32

    let dataKey: SecretBytes
    /// IVs to reuse for unchanged (path, type, plaintext) triples (§9.2).
    var ivCache: IVCache

    init(dataKey: SecretBytes, ivCache: IVCache = IVCache()) {
        self.dataKey = dataKey
        self.ivCache = ivCache
    }

    /// The `ENC[…]` text of a leaf or comment; an empty string or comment stays empty (§3.3).
    func encrypt(_ value: SopsValue, aad: String) throws(SopsError) -> String {
        guard let type = ValueType.of(value) else {
            throw SopsError(.invalidValue, "a \(value.kindName) cannot be encrypted")
        }
        var plaintext = try ValueType.plaintext(of: value)
        defer { Memory.zero(&plaintext) }
        if plaintext.isEmpty, type == .str || type == .comment { return "" }
        return try encrypt(plaintext: plaintext, type: type, aad: aad)
    }

    func encrypt(plaintext: [UInt8], type: ValueType, aad: String) throws(SopsError) -> String {
        let aadBytes = Array(aad.utf8)
        let iv = ivCache.iv(aad: aad, type: type, plaintext: plaintext) ?? SecureRandom.bytes(Self.ivLength)
        do {
            let sealed = try AES256GCM.seal(plaintext, using: dataKey, iv: iv, authenticating: aadBytes)
            return EncryptedValue(ciphertext: sealed.ciphertext, iv: iv, tag: sealed.tag, type: type.rawValue).text
        } catch {
            throw SopsError(.decryption, "Could not encrypt with AES_GCM: \(error)")
        }
    }

    /// Decrypts an `ENC[…]` string; records its IV so re-encrypting the same value reproduces it.
    /// An empty string decrypts to the empty string.
    mutating func decrypt(_ text: [UInt8], aad: String) throws(SopsError) -> SopsValue {
        if text.isEmpty { return .string([]) }
        guard let encrypted = try EncryptedValue(parsing: text) else {
            throw SopsError(.decryption, "Could not decrypt value: Input string does not match sops' data format",
                            hint: "a value that should be encrypted is in clear text; re-encrypt the file")
        }
        guard let type = ValueType(rawValue: encrypted.type) else {
            throw SopsError(.decryption, "Unknown datatype: \(encrypted.type)")
        }
        var plaintext = try open(encrypted, aad: aad)
        defer { Memory.zero(&plaintext) }
        let value = try type.value(from: plaintext)
        ivCache.record(aad: aad, type: type, plaintext: plaintext, iv: encrypted.iv)
        return value
    }

    /// AES-GCM open of a parsed value; a wrong key or changed text fails authentication.
    func open(_ encrypted: EncryptedValue, aad: String) throws(SopsError) -> [UInt8] {
        guard !encrypted.iv.isEmpty else { throw SopsError(.decryption, "Could not decrypt with AES_GCM: empty IV") }
        do {
            return try AES256GCM.open(encrypted.ciphertext, tag: encrypted.tag, using: dataKey, iv: encrypted.iv,
                                      authenticating: Array(aad.utf8))
        } catch {
            throw SopsError(.decryption, "Could not decrypt with AES_GCM: cipher: message authentication failed",
                            hint: "the file was changed after encryption, or it is not encrypted with this data key")
        }
    }
}

/// IVs of values seen while decrypting, by (AAD, type, plaintext): re-encrypting an unchanged value
/// with the same data key reproduces its exact `ENC[…]` text, as `sops edit` does (§9.2).
struct IVCache: Sendable {
    private struct Entry: Hashable {
        var aad: String
        var type: ValueType
        var plaintext: [UInt8]
    }
    private var ivs: [Entry: [UInt8]] = [:]

    func iv(aad: String, type: ValueType, plaintext: [UInt8]) -> [UInt8]? {
        ivs.isEmpty ? nil : ivs[Entry(aad: aad, type: type, plaintext: plaintext)]
    }

    mutating func record(aad: String, type: ValueType, plaintext: [UInt8], iv: [UInt8]) {
        ivs[Entry(aad: aad, type: type, plaintext: plaintext)] = iv
    }

    mutating func merge(_ other: IVCache) { ivs.merge(other.ivs) { current, _ in current } }
}
