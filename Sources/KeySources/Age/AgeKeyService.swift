public import Age
public import Crypto
import Synchronization

/// age master keys (§7.2), natively: wraps a data key for an `age1…`, SSH or plugin recipient into an armored
/// age file, and unwraps with the identities from sops' sources, read once per service.
public struct AgeKeyService: KeyService {
    public var type: MasterKeyType { .age }
    private let identities: IdentityCache
    /// Where age plugins are looked for (PATH) and what they run with.
    private let environment: [String: String]

    /// Identities come from `environment` (`SOPS_AGE_SSH_PRIVATE_KEY_FILE`, `…_CMD`, `~/.ssh/id_ed25519`,
    /// `~/.ssh/id_rsa`, `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY_CMD`, the default `keys.txt`),
    /// loaded on the first unwrap (`SOPS_AGE_KEY_CMD` once per recipient); `passphrases` opens a
    /// passphrase-protected identity file.
    public init(environment: [String: String], passphrases: (any AgePassphraseSource)? = nil) {
        self.environment = environment
        var keyCommand: IdentityCache.Completion?
        if !(environment[AgeIdentitySources.keyCommandVariable] ?? "").isEmpty {
            keyCommand = { sources, recipient in
                sources.inserting(keyCommand: await AgeIdentitySources.fromKeyCommand(environment: environment, recipient: recipient,
                                                                                      passphrases: passphrases))
            }
        }
        identities = IdentityCache(perRecipient: keyCommand) { () async throws(KeySourceError) in
            let command = await AgeIdentitySources.fromSSHKeyCommand(environment: environment)
            return try AgeIdentitySources.load(environment: environment, passphrases: passphrases, sshKeyCommand: command)
        }
    }

    /// Uses exactly these identities (e.g. from `--identity` files the caller parsed).
    public init(identities: [X25519Identity]) {
        environment = [:]
        self.identities = IdentityCache(perRecipient: nil) { () throws(KeySourceError) in
            AgeIdentitySources(identities: identities, consulted: ["the given identities"])
        }
    }

    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard case .age(var age) = key else { throw Self.notAge(key) }
        age.recipient = age.recipient.trimmingSpaces
        // Parse errors already quote the recipient (`malformed recipient "…": …`).
        let plugin = try AgePluginRecipient.parsing(age.recipient)
        let recipient = plugin == nil ? try Self.recipient(parsing: age.recipient) : nil
        do throws(AgeError) {
            if let plugin {
                age.enc = AgeArmor.encode(try await Age.encrypt(secret, to: plugin, environment: environment))
            } else if let recipient {
                age.enc = AgeArmor.encode(try Age.encrypt(secret, to: [recipient]))
            }
        } catch {
            throw KeySourceError(.failed, key: age.recipient, error.message, hint: error.hint)
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
            available = try await identities.get(for: recipient)
        } catch {
            throw error.for(recipient)
        }
        guard !available.identities.isEmpty || !available.plugins.isEmpty else {
            throw Self.notThisKey(recipient, "no age identity found (looked in \(Self.places(available)))", available)
        }
        // Try the identity whose public key is the stanza's recipient first; the others still get a
        // chance, since the recipient field is not authenticated.
        let ordered = available.identities.filter { $0.isIdentity(for: recipient) }
            + available.identities.filter { !$0.isIdentity(for: recipient) }
        do {
            var file = Array(age.enc.utf8)
            if AgeArmor.isArmored(file) { file = try AgeArmor.decode(file) }
            return try await Age.decrypt(file, with: ordered, plugins: available.plugins, environment: environment)
        } catch where error.code == .noIdentityMatched || error.code == .incorrectIdentity {
            let count = ordered.count + available.plugins.count
            throw Self.notThisKey(recipient, "none of the \(count) age identities from \(Self.places(available)) matches",
                                  available)
        } catch {
            throw KeySourceError(.failed, key: recipient, error.message, hint: error.hint)
        }
    }

    /// Parses a recipient string: an SSH public key line (`ssh-ed25519 …`, `ssh-rsa …`, comment
    /// included), `age1…` or a plugin's `age1<name>1…`. Errors are `.invalidKey` or `.unsupported`, quoting it.
    public static func validateRecipient(_ string: String) throws(KeySourceError) {
        let trimmed = string.trimmingSpaces
        if try AgePluginRecipient.parsing(trimmed) != nil { return }
        _ = try recipient(parsing: trimmed)
    }

    /// A native or SSH recipient (plugin recipients are `AgePluginRecipient`).
    static func recipient(parsing string: String) throws(KeySourceError) -> any AgeRecipient {
        guard string.hasPrefix("ssh-") else { return try X25519Recipient(parsing: string) }
        do {
            return try SSHPublicKey(authorizedKey: string).recipient()
        } catch {
            throw KeySourceError(.invalidKey, key: "", "malformed SSH recipient \"\(string)\": \(error.reason)")
        }
    }

    /// "Try the next key", naming what was set aside (unsupported kinds, locked files); a failed
    /// identity command comes first, as the likely reason.
    private static func notThisKey(_ recipient: String, _ message: String, _ sources: AgeIdentitySources) -> KeySourceError {
        var message = message
        if !sources.skipped.isEmpty { message += "; skipped \(sources.skipped.joined(separator: ", "))" }
        guard sources.failures.isEmpty else {
            return KeySourceError(.credentials, key: recipient, (sources.failures + [message]).joined(separator: "; "),
                                  hint: "the command's own messages, if any, are above")
        }
        return KeySourceError(.notThisKey, key: recipient, message,
                              hint: "put the identity in SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or ~/.config/sops/age/keys.txt (or have SOPS_AGE_KEY_CMD print it), or an SSH key in SOPS_AGE_SSH_PRIVATE_KEY_FILE or ~/.ssh/id_ed25519")
    }

    private static func places(_ sources: AgeIdentitySources) -> String {
        sources.consulted.isEmpty ? "SOPS_AGE_SSH_PRIVATE_KEY_FILE, ~/.ssh, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the default keys.txt"
            : sources.consulted.joined(separator: ", ")
    }

    private static func notAge(_ key: MasterKey) -> KeySourceError {
        KeySourceError(.invalidKey, key: key.identity, "not an age key")
    }
}

/// Loads identities once (an error too, so a failing source is not retried per file), then, with a
/// `perRecipient` completion (`SOPS_AGE_KEY_CMD`), completes them once per recipient. Concurrent
/// callers share one load.
private final class IdentityCache: Sendable {
    typealias Loaded = Result<AgeIdentitySources, KeySourceError>
    typealias Completion = @Sendable (AgeIdentitySources, String) async -> AgeIdentitySources
    private let load: @Sendable () async throws(KeySourceError) -> AgeIdentitySources
    private let complete: Completion?
    private let shared = Mutex<Task<Loaded, Never>?>(nil)
    private let byRecipient = Mutex<[String: Task<Loaded, Never>]>([:])

    init(perRecipient complete: Completion?, _ load: @escaping @Sendable () async throws(KeySourceError) -> AgeIdentitySources) {
        self.load = load
        self.complete = complete
    }

    func get(for recipient: String) async throws(KeySourceError) -> AgeIdentitySources {
        let load = self.load
        let base = shared.withLock { task in
            if let task { return task }
            let started = Task { () async -> Loaded in
                do throws(KeySourceError) { return .success(try await load()) } catch { return .failure(error) }
            }
            task = started
            return started
        }
        guard let complete else { return try await base.value.get() }
        let task = byRecipient.withLock { tasks in
            if let task = tasks[recipient] { return task }
            let started = Task { () async -> Loaded in
                switch await base.value {
                case .success(let sources): .success(await complete(sources, recipient))
                case .failure(let error): .failure(error)
                }
            }
            tasks[recipient] = started
            return started
        }
        return try await task.value.get()
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
