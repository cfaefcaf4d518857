import Crypto
import TextEncoding

/// An SSH public key of a kind age encrypts to (`ssh-ed25519`, `ssh-rsa`): its wire blob, which
/// the stanza tag and the ed25519 tweak hash, and the key it holds.
public struct SSHPublicKey: Sendable {
    enum Key: Sendable {
        case ed25519([UInt8])
        case rsa(RSA.PublicKey)
    }

    static let ed25519Type = "ssh-ed25519"
    static let rsaType = "ssh-rsa"
    /// Below this age's Go RSA refuses to work; sops users get the same floor.
    static let minimumRSABits = 2048
    /// Bounds the work a hostile key can cause.
    static let maximumRSABits = 16384

    let type: String
    let blob: [UInt8]
    let key: Key

    /// Parses a wire-format public key blob.
    init(blob: [UInt8]) throws(SSHKeyError) {
        var reader = SSHWireReader(blob)
        guard let typeBytes = reader.string() else { throw SSHKeyError("truncated public key") }
        type = String(decoding: typeBytes, as: UTF8.self)
        self.blob = blob
        switch type {
        case Self.ed25519Type:
            guard let point = reader.string(), point.count == Ed25519.publicKeyLength, reader.isAtEnd else {
                throw SSHKeyError("malformed ssh-ed25519 public key")
            }
            key = .ed25519(Array(point))
        case Self.rsaType:
            guard let exponent = reader.positiveInteger(), let modulus = reader.positiveInteger(), reader.isAtEnd else {
                throw SSHKeyError("malformed ssh-rsa public key")
            }
            let rsa: RSA.PublicKey
            do {
                rsa = try RSA.PublicKey(modulus: Array(modulus), exponent: Array(exponent))
            } catch {
                throw SSHKeyError("invalid ssh-rsa public key")
            }
            guard (Self.minimumRSABits...Self.maximumRSABits).contains(rsa.bitCount) else {
                throw SSHKeyError("ssh-rsa key of \(rsa.bitCount) bits (age needs \(Self.minimumRSABits) to \(Self.maximumRSABits))")
            }
            key = .rsa(rsa)
        default:
            throw SSHKeyError("unsupported SSH key type \(Self.quoted(type)) (age supports ssh-ed25519 and ssh-rsa)")
        }
    }

    /// The blob of an RSA key known by its numbers (PEM private keys carry no blob).
    static func rsaBlob(modulus: [UInt8], exponent: [UInt8]) -> [UInt8] {
        SSHWireWriter.string(Array(rsaType.utf8)) + SSHWireWriter.positiveInteger(exponent) + SSHWireWriter.positiveInteger(modulus)
    }

    /// Parses an authorized_keys line: `type base64-blob [comment]`.
    public init(authorizedKey line: String) throws(SSHKeyError) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2 else { throw SSHKeyError("expected \"type base64 [comment]\"") }
        guard let blob = Base64.decode(fields[1].utf8, .standard) else { throw SSHKeyError("invalid base64") }
        try self.init(blob: blob)
        guard type == fields[0] else { throw SSHKeyError("key type \(Self.quoted(type)) does not match \(Self.quoted(fields[0]))") }
    }

    /// A key type name for messages: short, and only if it looks like one (key files are hostile).
    private static func quoted<Name: StringProtocol>(_ name: Name) -> String {
        let plausible = name.count <= 64 && name.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") }
        return plausible ? "\"\(name)\"" : "(unreadable name)"
    }

    /// age's stanza tag: the first 4 bytes of SHA-256 of the blob, unpadded base64.
    var tag: String { Base64.encode(SHA256.hash(blob).prefix(4), .raw) }

    /// `type base64`, the part of an authorized_keys line that names the key.
    var authorizedKey: String { "\(type) \(Base64.encode(blob, .standard))" }

    /// Whether a recipient string (an authorized_keys line, maybe with a comment) names this key.
    func isNamed(by recipient: String) -> Bool {
        let name = authorizedKey
        return recipient == name || (recipient.hasPrefix(name) && recipient.dropFirst(name.count).first.map { $0 == " " || $0 == "\t" } == true)
    }
}

/// Why an SSH key could not be used; never quotes key material.
public struct SSHKeyError: Error {
    /// What is wrong with the key, in words.
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}
