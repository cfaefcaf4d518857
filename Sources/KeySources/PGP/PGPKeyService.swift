public import Crypto
import FoundationEssentials

/// PGP master keys (§7.3) through the `gpg` binary, with sops' exact command lines: the data key
/// goes through stdin and stdout only, never the command line or a file.
public struct PGPKeyService: KeyService {
    public var type: MasterKeyType { .pgp }
    private let gpg: GPGCommand

    /// `environment` is gpg's whole environment (`GNUPGHOME`, `SOPS_GPG_EXEC`, `PATH`, `HOME`,
    /// `GPG_TTY`, …); a gpg run that outlasts `timeout` is terminated.
    public init(environment: [String: String], timeout: Duration = .seconds(60)) {
        gpg = GPGCommand(environment: environment, timeout: timeout)
    }

    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard case .pgp(var pgp) = key else { throw KeySourceError(.invalidKey, key: key.identity, "not a PGP key") }
        pgp.fingerprint = pgp.fingerprint.filter { $0 != " " }
        let fingerprint = pgp.fingerprint
        guard fingerprint.count >= 16, fingerprint.allSatisfy(\.isHexDigit) else {
            throw KeySourceError(.invalidKey, key: fingerprint, "not a PGP fingerprint (expected hexadecimal digits)")
        }
        let output = try await gpg.run(["--no-default-recipient", "--yes", "--encrypt", "-a", "-r", fingerprint,
                                        "--trusted-key", String(fingerprint.suffix(16)), "--no-encrypt-to"],
                                       input: secret, key: fingerprint)
        guard output.succeeded else {
            throw KeySourceError(.failed, key: fingerprint, output.reason,
                                 hint: "import the public key into the gpg keyring (gpg --import)")
        }
        pgp.enc = output.stdout.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.trimmingSpaces
        if pgp.createdAt.isEmpty { pgp.createdAt = Date().formatted(.iso8601) }
        return .pgp(pgp)
    }

    public func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        guard case .pgp(let pgp) = key else { throw KeySourceError(.invalidKey, key: key.identity, "not a PGP key") }
        guard !pgp.enc.isEmpty else { throw KeySourceError(.invalidKey, key: pgp.fingerprint, "the PGP stanza has no enc") }
        let output = try await gpg.run(["-d"], input: SecretBytes(pgp.enc.utf8), key: pgp.fingerprint)
        guard output.succeeded else {
            // "public key decryption failed" means the secret key is here but unusable (passphrase,
            // pinentry, card); only a plain "No secret key" means another key should be tried.
            let code: KeySourceError.Code = output.stderr.contains("public key decryption failed") ? .credentials
                : output.stderr.contains("No secret key") ? .notThisKey : .failed
            throw KeySourceError(code, key: pgp.fingerprint, output.reason, hint: code == .credentials
                                 ? "gpg could not unlock the secret key: set GPG_TTY=$(tty), or unlock it in gpg-agent first" : nil)
        }
        return output.stdout
    }
}
