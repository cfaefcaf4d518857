public import Crypto
import Synchronization

/// age master keys (§7.2), natively: wraps a data key for an `age1…` or SSH recipient into an armored
/// age file, and unwraps with the identities from sops' sources, read once per service.
public struct AgeKeyService: KeyService {
    public var type: MasterKeyType { .age }
    private let identities: IdentityCache

    /// Identities come from `environment` (`SOPS_AGE_SSH_PRIVATE_KEY_FILE`, `~/.ssh/id_ed25519`,
    /// `~/.ssh/id_rsa`, `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, the default `keys.txt`), loaded on the
    /// first unwrap; `passphrases` opens a passphrase-protected `keys.txt`.
    public init(environment: [String: String], passphrases: (any AgePassphraseSource)? = nil) {
        identities = IdentityCache { () throws(KeySourceError) in
            try AgeIdentitySources.load(environment: environment, passphrases: passphrases)
        }
    }

    /// Uses exactly these identities (e.g. from `--identity` files the caller parsed).
    public init(identities: [X25519Identity]) {
        self.identities = IdentityCache { () throws(KeySourceError) in
            AgeIdentitySources(identities: identities, consulted: ["the given identities"])
        }
    }

    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard case .age(var age) = key else { throw Self.notAge(key) }
        age.recipient = age.recipient.trimmingSpaces
        // Parse errors already quote the recipient (`malformed recipient "…": …`).
        let recipient = try Self.recipient(parsing: age.recipient)
        do {
            age.enc = AgeArmor.encode(try Age.encrypt(secret, to: [recipient]))
        } catch {
            throw KeySourceError(.failed, key: age.recipient, error.message)
        }
        return .age(age)
    }

    public func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        guard case .age(let age) = key else { throw Self.notAge(key) }
        let recipient = age.recipient.trimmingSpaces
        guard !age.enc.isEmpty else { throw KeySourceError(.invalidKey, key: recipient, "the age stanza has no enc") }
        if X25519Recipient.unsupportedKind(recipient) != nil {
            _ = try X25519Recipient(parsing: recipient)  // throws `.unsupported`, naming the kind
        }
        let available: AgeIdentitySources
        do {
            available = try identities.get()
        } catch {
            throw error.for(recipient)
        }
        guard !available.identities.isEmpty else {
            throw Self.notThisKey(recipient, "no age identity found (looked in \(Self.places(available)))", available)
        }
        // Try the identity whose public key is the stanza's recipient first; the others still get a
        // chance, since the recipient field is not authenticated.
        let ordered = available.identities.filter { $0.isIdentity(for: recipient) }
            + available.identities.filter { !$0.isIdentity(for: recipient) }
        do {
            var file = Array(age.enc.utf8)
            if AgeArmor.isArmored(file) { file = try AgeArmor.decode(file) }
            return try Age.decrypt(file, with: ordered)
        } catch where error.code == .noIdentityMatched || error.code == .incorrectIdentity {
            throw Self.notThisKey(recipient, "none of the \(ordered.count) age identities from \(Self.places(available)) matches",
                                  available)
        } catch {
            throw KeySourceError(.failed, key: recipient, error.message)
        }
    }

    /// Parses a recipient string: an SSH public key line (`ssh-ed25519 …`, `ssh-rsa …`, comment
    /// included) or `age1…`. Errors are `.invalidKey` or `.unsupported`, quoting the recipient.
    public static func validateRecipient(_ string: String) throws(KeySourceError) {
        _ = try recipient(parsing: string.trimmingSpaces)
    }

    static func recipient(parsing string: String) throws(KeySourceError) -> any AgeRecipient {
        guard string.hasPrefix("ssh-") else { return try X25519Recipient(parsing: string) }
        do {
            return try SSHPublicKey(authorizedKey: string).recipient()
        } catch {
            throw KeySourceError(.invalidKey, key: "", "malformed SSH recipient \"\(string)\": \(error.reason)")
        }
    }

    /// "Try the next key", naming what was set aside (unsupported kinds, locked files).
    private static func notThisKey(_ recipient: String, _ message: String, _ sources: AgeIdentitySources) -> KeySourceError {
        var message = message
        if !sources.skipped.isEmpty { message += "; skipped \(sources.skipped.joined(separator: ", "))" }
        return KeySourceError(.notThisKey, key: recipient, message,
                              hint: "put the identity in SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or ~/.config/sops/age/keys.txt, or an SSH key in SOPS_AGE_SSH_PRIVATE_KEY_FILE or ~/.ssh/id_ed25519")
    }

    private static func places(_ sources: AgeIdentitySources) -> String {
        sources.consulted.isEmpty ? "SOPS_AGE_SSH_PRIVATE_KEY_FILE, ~/.ssh, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the default keys.txt"
            : sources.consulted.joined(separator: ", ")
    }

    private static func notAge(_ key: MasterKey) -> KeySourceError {
        KeySourceError(.invalidKey, key: key.identity, "not an age key")
    }
}

/// Loads identities once; every later call gets the same result (or the same error).
private final class IdentityCache: Sendable {
    private let load: @Sendable () throws(KeySourceError) -> AgeIdentitySources
    private let state = Mutex<Result<AgeIdentitySources, KeySourceError>?>(nil)

    init(_ load: @escaping @Sendable () throws(KeySourceError) -> AgeIdentitySources) {
        self.load = load
    }

    func get() throws(KeySourceError) -> AgeIdentitySources {
        let result = state.withLock { cached in
            if let cached { return cached }
            let loaded = Result { () throws(KeySourceError) in try load() }
            cached = loaded
            return loaded
        }
        return try result.get()
    }
}

extension KeySourceError {
    /// The same error, attributed to `key` when it named none.
    func `for`(_ key: String) -> KeySourceError {
        var copy = self
        if copy.key.isEmpty { copy.key = key }
        return copy
    }
}

extension String {
    /// Without leading and trailing whitespace (sops trims recipients and fingerprints).
    var trimmingSpaces: String {
        // Fast path (unwrap runs per file): an ASCII non-space last byte is a character of its own or
        // follows a Prepend mark, never whitespace, so nothing would be trimmed.
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           !Self.isASCIISpace(first), !Self.isASCIISpace(last) { return self }
        return String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Unicode White_Space within ASCII: tab, newline, vertical tab, form feed, carriage return, space.
    private static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}
