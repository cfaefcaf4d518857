public import Crypto

/// Something an age file key can be wrapped for (age's `Recipient`).
public protocol AgeRecipient: Sendable {
    /// Wraps the 16-byte file key into this recipient's stanza.
    func wrap(_ fileKey: SecretBytes) throws(AgeError) -> AgeStanza
    /// Whether this recipient must be the file's only one (scrypt: age-encryption.org/v1, "scrypt").
    var mustBeOnlyRecipient: Bool { get }
}

/// Something that can unwrap a file key from a stanza (age's `Identity`).
public protocol AgeIdentity: Sendable {
    /// The file key, or `.incorrectIdentity` when the stanza is not for this identity.
    func unwrap(_ stanza: AgeStanza) throws(AgeError) -> SecretBytes
    /// Whether `recipient` (a sops stanza's recipient string) is this identity's own public key.
    func isIdentity(for recipient: String) -> Bool
}

extension AgeRecipient {
    /// Most recipients can share a file.
    public var mustBeOnlyRecipient: Bool { false }
}

extension AgeIdentity {
    /// Passphrase identities have no recipient string.
    public func isIdentity(for recipient: String) -> Bool { false }
}

/// age v1 file encryption and decryption (age-encryption.org/v1), binary form; `AgeArmor` adds
/// the ASCII armor.
public enum Age {
    static let fileKeyLength = 16
    static let headerLabel = Array("header".utf8)

    /// Encrypts `plaintext` to every recipient under one fresh file key.
    public static func encrypt(_ plaintext: SecretBytes, to recipients: [any AgeRecipient]) throws(AgeError) -> [UInt8] {
        guard !recipients.isEmpty else { throw AgeError(.failed, "no age recipients given") }
        if recipients.count > 1, recipients.contains(where: \.mustBeOnlyRecipient) {
            throw AgeError(.failed, "an scrypt recipient must be the only one")
        }
        let fileKey = SecureRandom.secret(fileKeyLength)
        var stanzas = [AgeStanza]()
        for recipient in recipients { stanzas.append(try recipient.wrap(fileKey)) }
        return try seal(plaintext, fileKey: fileKey, stanzas: stanzas)
    }

    /// Encrypts to a plugin recipient: the plugin wraps the file key, the rest is `seal`.
    public static func encrypt(_ plaintext: SecretBytes, to recipient: AgePluginRecipient,
                               environment: [String: String]) async throws(AgeError) -> [UInt8] {
        let fileKey = SecureRandom.secret(fileKeyLength)
        let stanzas = try await recipient.wrap(fileKey, environment: environment)
        if stanzas.count > 1, stanzas.contains(where: { $0.type == ScryptRecipient.stanzaType }) {
            throw AgeError(.failed, "age-plugin-\(recipient.name) returned an scrypt stanza among others")
        }
        return try seal(plaintext, fileKey: fileKey, stanzas: stanzas)
    }

    /// The file: header with `stanzas` and its MAC under `fileKey`, then the payload.
    private static func seal(_ plaintext: SecretBytes, fileKey: SecretBytes, stanzas: [AgeStanza]) throws(AgeError) -> [UInt8] {
        let header = AgeFormat.encodeWithoutMAC(stanzas)
        let mac = try headerMAC(fileKey: fileKey, header: header[...])
        return header + AgeFormat.encodeFooter(mac: mac) + (try AgeStream.seal(plaintext, fileKey: fileKey))
    }

    /// Decrypts with the first identity (in order) that opens a stanza; then checks the header MAC
    /// and opens the payload.
    public static func decrypt(_ file: [UInt8], with identities: [any AgeIdentity]) throws(AgeError) -> SecretBytes {
        let header = try parseHeader(file)
        return try open(file, header: header, fileKey: try unwrapFileKey(header.stanzas, with: identities))
    }

    /// `decrypt`, then, if no identity opened a stanza, each plugin with its identities, one run per
    /// plugin (a plugin may wait for a hardware token, so native identities go first).
    public static func decrypt(_ file: [UInt8], with identities: [any AgeIdentity], plugins: [AgePluginIdentity],
                               environment: [String: String]) async throws(AgeError) -> SecretBytes {
        let header = try parseHeader(file)
        var fileKey = try unwrapFileKey(header.stanzas, with: identities)
        for group in AgePluginIdentity.byPlugin(plugins) where fileKey == nil {
            fileKey = try await AgePluginIdentity.unwrap(header.stanzas, with: group, environment: environment)
        }
        return try open(file, header: header, fileKey: fileKey)
    }

    /// Whether `file` is passphrase-encrypted: its header holds one scrypt stanza and nothing else.
    public static func isPassphraseEncrypted(_ file: [UInt8]) throws(AgeError) -> Bool {
        try AgeFormat.parse(file).stanzas.map(\.type) == [ScryptRecipient.stanzaType]
    }

    private static func parseHeader(_ file: [UInt8]) throws(AgeError) -> AgeHeader {
        let header = try AgeFormat.parse(file)
        if header.stanzas.count > 1, header.stanzas.contains(where: { $0.type == ScryptRecipient.stanzaType }) {
            throw .parse("an scrypt stanza must be the only one")
        }
        return header
    }

    /// Checks the header MAC with the unwrapped file key and opens the payload.
    private static func open(_ file: [UInt8], header: AgeHeader, fileKey: SecretBytes?) throws(AgeError) -> SecretBytes {
        guard let fileKey else {
            let types = Set(header.stanzas.map(\.type)).sorted().joined(separator: ", ")
            throw AgeError(.noIdentityMatched, "no identity matched any of the recipients (stanza types: \(types))")
        }
        let mac = try headerMAC(fileKey: fileKey, header: header.authenticatedBytes)
        guard SecretBytes(mac) == SecretBytes(header.mac) else { throw AgeError(.failed, "bad header MAC") }
        return try AgeStream.open(file[header.payloadStart...], fileKey: fileKey)
    }

    private static func unwrapFileKey(_ stanzas: [AgeStanza], with identities: [any AgeIdentity]) throws(AgeError) -> SecretBytes? {
        for identity in identities {
            for stanza in stanzas {
                do {
                    return try identity.unwrap(stanza)
                } catch where error.code == .incorrectIdentity {
                    continue
                }
            }
        }
        return nil
    }

    private static func headerMAC(fileKey: SecretBytes, header: ArraySlice<UInt8>) throws(AgeError) -> [UInt8] {
        let key = try crypt { () throws in try HKDF.sha256(inputKey: fileKey, salt: [], info: headerLabel, outputCount: 32) }
        return HMAC.sha256(key: key, data: header)
    }

    /// Opens a wrapped file key (zero nonce: every wrap key is used once) into a 16-byte file key.
    /// A wrong key is `.incorrectIdentity`; a body of the wrong size is a malformed stanza.
    static func unwrapFileKey(body: [UInt8], wrapKey: SecretBytes, stanzaType: String) throws(AgeError) -> SecretBytes {
        guard body.count == fileKeyLength + ChaCha20Poly1305.tagLength else {
            throw AgeError(.malformed, "invalid \(stanzaType) stanza: wrapped file key has the wrong length")
        }
        do {
            var opened = try ChaCha20Poly1305.open(body, using: wrapKey, nonce: zeroNonce)
            defer { Memory.zero(&opened) }
            return SecretBytes(opened)
        } catch {
            throw AgeError(.incorrectIdentity, "\(stanzaType) stanza is not for this identity")
        }
    }

    /// Seals a file key under a single-use wrap key.
    static func wrapFileKey(_ fileKey: SecretBytes, wrapKey: SecretBytes) throws(AgeError) -> [UInt8] {
        var bytes = fileKey.unsafeArray()
        defer { Memory.zero(&bytes) }
        return try crypt { () throws in try ChaCha20Poly1305.seal(bytes, using: wrapKey, nonce: zeroNonce) }
    }

    private static let zeroNonce = [UInt8](repeating: 0, count: ChaCha20Poly1305.nonceLength)
}
