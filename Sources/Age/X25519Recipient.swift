public import Crypto
import TextEncoding

/// An age native recipient: an X25519 public key written `age1…` in Bech32.
public struct X25519Recipient: Sendable, Hashable, CustomStringConvertible {
    static let hrp = "age"
    /// The HKDF label of age's X25519 stanzas (age-encryption.org/v1, "X25519").
    static let label = Array("age-encryption.org/v1/X25519".utf8)
    static let stanzaType = "X25519"

    let publicKey: [UInt8]

    init(publicKey: [UInt8]) {
        self.publicKey = publicKey
    }

    /// Parses `age1…` (age's `ParseX25519Recipient`); anything else is `.malformed`
    /// (`malformed recipient "…": …`; plugin recipients are `AgePluginRecipient`).
    public init(_ string: String) throws(AgeError) {
        let malformed = { (reason: String) in AgeError(.malformed, "malformed recipient \"\(string)\": \(reason)") }
        let decoded: (hrp: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(Array(string.utf8))
        } catch {
            throw malformed(error.description)
        }
        guard decoded.hrp == Self.hrp else { throw malformed("invalid type \"\(decoded.hrp)\"") }
        guard decoded.data.count == X25519.keyLength else { throw malformed("invalid key length \(decoded.data.count)") }
        publicKey = decoded.data
    }

    /// The `age1…` string.
    public var description: String { String(decoding: Bech32.encode(hrp: Self.hrp, data: publicKey), as: UTF8.self) }
}

extension X25519Recipient: AgeRecipient {
    /// age's X25519 wrap: an ephemeral key agreement, HKDF over both public keys, ChaCha20-Poly1305.
    public func wrap(_ fileKey: SecretBytes) throws(AgeError) -> AgeStanza {
        let ephemeral = try crypt { () throws in try X25519.PrivateKey() }
        let shared = try crypt { () throws in try ephemeral.sharedSecret(with: publicKey) }
        let wrapKey = try Self.wrapKey(shared: shared, ephemeralShare: ephemeral.publicKey, recipient: publicKey)
        return AgeStanza(type: Self.stanzaType, arguments: [Base64.encode(ephemeral.publicKey, .raw)],
                         body: try Age.wrapFileKey(fileKey, wrapKey: wrapKey))
    }

    static func wrapKey(shared: SecretBytes, ephemeralShare: [UInt8], recipient: [UInt8]) throws(AgeError) -> SecretBytes {
        try crypt { () throws in
            try HKDF.sha256(inputKey: shared, salt: ephemeralShare + recipient, info: label, outputCount: 32)
        }
    }
}
