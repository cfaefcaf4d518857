import Age
import Crypto

/// The age identities available to this process, gathered from sops' sources (§7.2) in sops'
/// order: SSH keys (`AgeIdentitySources+SSH`), `SOPS_AGE_KEY`, the file `SOPS_AGE_KEY_FILE`, the
/// output of `SOPS_AGE_KEY_CMD` (`AgeIdentitySources+Command`, per recipient), the default `keys.txt`.
struct AgeIdentitySources: Sendable {
    var identities: [any AgeIdentity] = []
    /// `AGE-PLUGIN-…` identities, used through their plugins after the native ones.
    var plugins: [AgePluginIdentity] = []
    /// Where identities were looked for, for "no identity matched" messages.
    var consulted: [String] = []
    /// Identities this build cannot use (post-quantum, locked SSH keys), kept out of the list.
    var skipped: [String] = []
    /// Commands that failed; named when no identity matches, since another source may still work.
    var failures: [String] = []
    /// Where `SOPS_AGE_KEY_CMD`'s identities go in `identities` and `consulted`: before the default `keys.txt`.
    var keyCommandPosition = (identities: 0, consulted: 0)

    static let keyVariable = "SOPS_AGE_KEY"
    static let keyFileVariable = "SOPS_AGE_KEY_FILE"

    /// Loads every source named by `environment` except the commands, whose results come parsed
    /// (`sshKeyCommand`, or later `inserting(keyCommand:)`). A file or variable that is set but
    /// unreadable or malformed is an error; a missing default file is not.
    static func load(environment: [String: String], passphrases: (any AgePassphraseSource)?,
                     sshKeyCommand: AgeIdentitySources = AgeIdentitySources()) throws(KeySourceError) -> AgeIdentitySources {
        var sources = AgeIdentitySources()
        try sources.addSSHKeys(environment: environment, command: sshKeyCommand)
        if let keys = environment[keyVariable], !keys.isEmpty {
            var bytes = Array(keys.utf8)
            defer { Memory.zero(&bytes) }
            try sources.add(bytes, from: keyVariable, passphrases: nil)
        }
        if let path = environment[keyFileVariable], !path.isEmpty {
            try sources.addFile(path, from: "\(keyFileVariable) file \(path)", required: true, passphrases: passphrases)
        }
        sources.keyCommandPosition = (sources.identities.count, sources.consulted.count)
        if let path = defaultKeyFile(environment: environment) {
            try sources.addFile(path, from: path, required: false, passphrases: passphrases)
        }
        return sources
    }

    /// `<user config dir>/sops/age/keys.txt`, the way Go's `os.UserConfigDir` finds the directory.
    static func defaultKeyFile(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            return config.hasPrefix("/") ? config + "/sops/age/keys.txt" : nil
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        #if os(macOS)
        return home + "/Library/Application Support/sops/age/keys.txt"
        #else
        return home + "/.config/sops/age/keys.txt"
        #endif
    }

    private mutating func addFile(_ path: String, from source: String, required: Bool,
                                  passphrases: (any AgePassphraseSource)?) throws(KeySourceError) {
        let contents: SecretBytes
        do {
            contents = try IdentityFile.read(path)
        } catch .system(.noSuchFileOrDirectory) where !required {
            return
        } catch .system(let errno) {
            throw KeySourceError(.credentials, key: "", "cannot read age identities from \(source): \(errno)")
        } catch {
            throw KeySourceError(.credentials, key: "", "cannot read age identities from \(source): larger than 16 MiB")
        }
        var bytes = contents.unsafeArray()
        defer { Memory.zero(&bytes) }
        try add(bytes, from: source, passphrases: passphrases)
    }

    /// Parses identity text: one identity per whitespace-separated word, `#` lines and blank
    /// lines ignored. A passphrase-encrypted file is opened with `passphrases`, or refused clearly.
    mutating func add(_ text: [UInt8], from source: String,
                      passphrases: (any AgePassphraseSource)?) throws(KeySourceError) {
        consulted.append(source)
        if Self.isEncrypted(text) {
            // Without a way to ask (a git filter has no terminal) the file is set aside, so the
            // other sources still work; the "no identity matched" message names it.
            guard let passphrases else {
                skipped.append("\(source), which is passphrase-encrypted and no passphrase can be asked for here")
                return
            }
            var decrypted = try Self.decryptIdentityFile(text, from: source, passphrases: passphrases).unsafeArray()
            defer { Memory.zero(&decrypted) }
            guard !Self.isEncrypted(decrypted) else {
                throw KeySourceError(.invalidKey, key: "", "\(source): the decrypted identity file is itself encrypted")
            }
            consulted.removeLast()
            return try add(decrypted, from: source, passphrases: nil)
        }
        for (number, line) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let words = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            guard let first = words.first, first.first != UInt8(ascii: "#") else { continue }
            for word in words {
                if word.starts(with: Array("AGE-SECRET-KEY-PQ-".utf8)) {
                    skipped.append("a post-quantum identity in \(source)")
                } else {
                    var bytes = Array(word)
                    defer { Memory.zero(&bytes) }
                    do {
                        if word.starts(with: Array("AGE-PLUGIN-".utf8)) {
                            plugins.append(try AgePluginIdentity(parsing: bytes, source: source))
                        } else {
                            identities.append(try X25519Identity(parsing: bytes))
                        }
                    } catch {
                        // age reads a key file whole or not at all; say so, since the other keys look fine.
                        throw KeySourceError(.invalidKey, key: "", "\(source), line \(number + 1): \(error.message); none of the keys in it were used",
                                             hint: "fix or delete line \(number + 1) (comments start with #)")
                    }
                }
            }
        }
    }

    /// sops' test: the file starts with an age header or armor (a passphrase-protected keys.txt).
    static func isEncrypted(_ text: [UInt8]) -> Bool {
        text.starts(with: Array("age-encryption.org/".utf8)) || AgeArmor.isArmored(text)
    }

    private static func decryptIdentityFile(_ text: [UInt8], from source: String,
                                            passphrases: any AgePassphraseSource) throws(KeySourceError) -> SecretBytes {
        do {
            let file = AgeArmor.isArmored(text) ? try AgeArmor.decode(text) : text
            guard try Age.isPassphraseEncrypted(file) else {
                throw AgeError(.failed, "\(source) is encrypted to an age recipient, not with a passphrase")
            }
            let passphrase = try passphrases.passphrase(for: source)
            return try Age.decrypt(file, with: [ScryptIdentity(passphrase: passphrase)])
        } catch let error as AgeError {
            let message = error.code == .noIdentityMatched ? "incorrect passphrase" : error.message
            throw KeySourceError(.credentials, key: "", "\(source): \(message)")
        } catch let error as KeySourceError {
            throw error
        } catch {
            throw KeySourceError(.credentials, key: "", "\(source): \(error)")
        }
    }
}
