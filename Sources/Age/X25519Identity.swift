public import Crypto
public import FoundationEssentials
import TextEncoding

/// An age native identity: an X25519 private key written `AGE-SECRET-KEY-1…` in upper-case Bech32.
public struct X25519Identity: Sendable {
    static let hrp = "AGE-SECRET-KEY-"

    private let privateKey: X25519.PrivateKey
    /// The matching `age1…` recipient.
    public let recipient: X25519Recipient

    init(privateKey: X25519.PrivateKey) {
        self.privateKey = privateKey
        recipient = X25519Recipient(publicKey: privateKey.publicKey)
    }

    /// A new random identity (for `gitsops keygen`).
    public static func generate() throws(AgeError) -> X25519Identity {
        do {
            return X25519Identity(privateKey: try X25519.PrivateKey())
        } catch {
            throw AgeError(.failed, "cannot generate an age identity: \(error)")
        }
    }

    /// Parses one `AGE-SECRET-KEY-1…` line (age's `ParseX25519Identity`). Errors never repeat the key.
    public init(_ line: [UInt8]) throws(AgeError) {
        let malformed = { (reason: String) in AgeError(.malformed, "malformed secret key: \(reason)") }
        var decoded: (hrp: String, data: [UInt8])
        do {
            decoded = try Bech32.decode(line)
        } catch {
            throw malformed(error.description)
        }
        defer { Memory.zero(&decoded.data) }
        guard decoded.hrp == Self.hrp else { throw malformed("unknown type \"\(decoded.hrp)\"") }
        do {
            self.init(privateKey: try X25519.PrivateKey(rawRepresentation: SecretBytes(decoded.data)))
        } catch {
            throw malformed("invalid key length")
        }
    }

    /// The `AGE-SECRET-KEY-1…` string, as bytes the caller can clear.
    func encoded() -> SecretBytes {
        var raw = privateKey.rawRepresentation.unsafeArray()
        defer { Memory.zero(&raw) }
        var text = Bech32.encode(hrp: Self.hrp, data: raw)
        defer { Memory.zero(&text) }
        return SecretBytes(text.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 })
    }

    /// An identity file as `age-keygen` writes it: `# created:`, `# public key:`, the secret key.
    public func keyFileContents(created: Date = Date()) -> SecretBytes {
        let comments = "# created: \(created.formatted(.iso8601))\n# public key: \(recipient)\n"
        var secret = encoded().unsafeArray()
        defer { Memory.zero(&secret) }
        var file = Array(comments.utf8) + secret + [0x0A]
        defer { Memory.zero(&file) }
        return SecretBytes(file)
    }
}

extension X25519Identity: AgeIdentity {
    /// Whether `recipient` is this identity's `age1…` string.
    public func isIdentity(for recipient: String) -> Bool { self.recipient.description == recipient }

    /// The file key from an X25519 stanza for this identity.
    public func unwrap(_ stanza: AgeStanza) throws(AgeError) -> SecretBytes {
        guard stanza.type == X25519Recipient.stanzaType else {
            throw AgeError(.incorrectIdentity, "not an X25519 stanza")
        }
        guard stanza.arguments.count == 1, let share = Base64.decode(stanza.arguments[0], .raw),
              share.count == X25519.keyLength else {
            throw AgeError(.malformed, "invalid X25519 stanza")
        }
        let shared: SecretBytes
        do {
            shared = try privateKey.sharedSecret(with: share)
        } catch {
            throw AgeError(.malformed, "invalid X25519 stanza: low-order ephemeral share")
        }
        let wrapKey = try X25519Recipient.wrapKey(shared: shared, ephemeralShare: share, recipient: recipient.publicKey)
        return try Age.unwrapFileKey(body: stanza.body, wrapKey: wrapKey, stanzaType: X25519Recipient.stanzaType)
    }
}
