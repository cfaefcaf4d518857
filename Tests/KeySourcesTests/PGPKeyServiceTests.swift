import Crypto
import Foundation
import Testing
import TestSupport
@testable import KeySources
import TextEncoding

/// PGP stanzas through a real gpg with the sops functional-test keys (spec/sops-format.md §7.3, §11).
@Suite struct PGPKeyServiceTests {
    let home: GPGHome
    let service: PGPKeyService

    init() throws {
        home = try GPGHome()
        service = PGPKeyService(environment: home.environment)
    }

    /// §11.2 data keys of fixtures whose every stanza is for key 1 or key 2.
    @Test(arguments: [
        ("format.enc.yaml", "af5e68dd342b72c6a0475f81a50da4fde898f4b7742c92cbcf1668211411f4e4"),
        ("example.yaml", "8c68886c50b5b72965a3cb99c5172e1d74a8aca27b39ee880b535d6907e59f68"),
        ("example.json", "faf6a891866fac550ef548b4e5f6fbc98fccc6827cd943cc8d7539747f1d87bd"),
        ("multiple_keys.yaml", "1e1db61c6b93c001caa9ce34a9d68448eee8a3c69336697eab36bb92327ce786"),
        ("format.enc.ini", "ce46fd76883106d55913ff2207e160bbeac65a71d6e1cf84c510614bed6f8ccd"),
    ])
    func decryptsFixtureStanzas(file: String, dataKey: String) async throws {
        let stanzas = try pgpStanzas(inFixture: file)
        #expect(!stanzas.isEmpty)
        for stanza in stanzas {
            #expect([GPGHome.key1, GPGHome.key2].contains(stanza.fingerprint))
            let key = MasterKey.pgp(PGPKey(fingerprint: stanza.fingerprint, enc: stanza.enc))
            #expect(Hex.encode(try await service.unwrap(key).bytes) == dataKey)
        }
    }

    @Test func roundTripWithKey1() async throws {
        let dataKey = SecureRandom.secret(32)
        let wrapped = try await service.wrap(dataKey, for: .pgp(PGPKey(fingerprint: "FBC7 B9E2 A4F9 289A C0C1  D484 3D16 CEE4 A273 81B4")))
        guard case .pgp(let pgp) = wrapped else { Issue.record("not a PGP key"); return }
        #expect(pgp.fingerprint == GPGHome.key1)
        #expect(pgp.enc.hasPrefix("-----BEGIN PGP MESSAGE-----\n\n"))
        #expect(pgp.enc.hasSuffix("\n-----END PGP MESSAGE-----"))
        #expect(pgp.createdAt.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
        #expect(try await service.unwrap(wrapped) == dataKey)
        // sops' older `|` form (trailing newline) reads too.
        #expect(try await service.unwrap(.pgp(PGPKey(fingerprint: GPGHome.key1, enc: pgp.enc + "\n"))) == dataKey)
    }

    @Test func keepsAnExistingCreationDate() async throws {
        let key = MasterKey.pgp(PGPKey(fingerprint: GPGHome.key2, createdAt: "2019-12-10T22:45:55Z"))
        guard case .pgp(let pgp) = try await service.wrap(SecureRandom.secret(33), for: key) else { return }
        #expect(pgp.createdAt == "2019-12-10T22:45:55Z")
    }

    @Test func publicOnlyKeyIsNotThisKey() async throws {
        let wrapped = try await service.wrap(SecureRandom.secret(32), for: .pgp(PGPKey(fingerprint: GPGHome.key3)))
        let error = await #expect(throws: KeySourceError.self) { try await service.unwrap(wrapped) }
        #expect(error?.code == .notThisKey)
        #expect(error?.description == "\(GPGHome.key3): gpg: decryption failed: No secret key")
    }

    /// A passphrase-protected secret key that gpg cannot unlock (no terminal for pinentry) is a
    /// credentials problem with gpg's root cause, not "no secret key".
    @Test func lockedSecretKeyIsACredentialsError() async throws {
        let generated = try Command.run("gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "pw",
                                                "--quick-gen-key", "Locked <locked@example.org>", "future-default", "default", "never"],
                                        environment: ["GNUPGHOME": home.path])
        #expect(generated.status == 0, "\(generated.err)")
        let listed = try Command.run("gpg", ["--batch", "--with-colons", "--list-keys", "locked@example.org"],
                                     environment: ["GNUPGHOME": home.path])
        let fingerprint = try #require(listed.out.split(separator: "\n").first { $0.hasPrefix("fpr:") }?
            .split(separator: ":", omittingEmptySubsequences: false)[9])
        let wrapped = try await service.wrap(SecureRandom.secret(32), for: .pgp(PGPKey(fingerprint: String(fingerprint))))
        let error = await #expect(throws: KeySourceError.self) { try await service.unwrap(wrapped) }
        #expect(error?.code == .credentials)
        #expect(error?.message.hasPrefix("gpg: public key decryption failed: ") == true)
        #expect(error?.hint != nil)
    }

    @Test func unknownRecipientFailsToWrap() async throws {
        let unknown = String(repeating: "0", count: 40)
        let error = await #expect(throws: KeySourceError.self) {
            try await service.wrap(SecureRandom.secret(32), for: .pgp(PGPKey(fingerprint: unknown)))
        }
        #expect(error?.code == .failed)
        #expect(error?.message.contains("No public key") == true)
        let invalid = await #expect(throws: KeySourceError.self) {
            try await service.wrap(SecureRandom.secret(32), for: .pgp(PGPKey(fingerprint: "--help")))
        }
        #expect(invalid?.code == .invalidKey)
    }

    @Test func corruptMessageFails() async throws {
        let error = await #expect(throws: KeySourceError.self) {
            try await service.unwrap(.pgp(PGPKey(fingerprint: GPGHome.key1, enc: "-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----")))
        }
        #expect(error?.code == .failed)
        #expect(error?.message.hasPrefix("gpg: ") == true)
    }

    /// `SOPS_GPG_EXEC` runs instead of gpg, with sops' arguments; the data key is not among them.
    @Test func honoursSopsGPGExecWithSopsArguments() async throws {
        let dir = try TemporaryDirectory()
        let log = dir.url.appendingPathComponent("args")
        let wrapper = try dir.file("gpg-wrapper", contents: "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '\(log.path)'\nexec gpg \"$@\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        var environment = home.environment
        environment["SOPS_GPG_EXEC"] = wrapper.path
        let wrapping = PGPKeyService(environment: environment)
        let dataKey = SecretBytes(Array("0123456789abcdef0123456789abcdef".utf8))
        let wrapped = try await wrapping.wrap(dataKey, for: .pgp(PGPKey(fingerprint: GPGHome.key1)))
        #expect(try await wrapping.unwrap(wrapped) == dataKey)
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == [
            "--homedir \(home.path) --batch --no-default-recipient --yes --encrypt -a -r \(GPGHome.key1) --trusted-key 3D16CEE4A27381B4 --no-encrypt-to",
            "--homedir \(home.path) --batch -d",
        ])
    }

    @Test func missingGPGIsUnsupported() async throws {
        let service = PGPKeyService(environment: ["SOPS_GPG_EXEC": "/nonexistent/gpg", "PATH": "/usr/bin:/bin"])
        let error = await #expect(throws: KeySourceError.self) {
            try await service.unwrap(.pgp(PGPKey(fingerprint: GPGHome.key1, enc: "x")))
        }
        #expect(error?.code == .unsupported)
    }

    @Test func hungGPGIsStoppedAtTheDeadline() async throws {
        let dir = try TemporaryDirectory()
        let sleeper = try dir.file("gpg-sleeps", contents: "#!/bin/sh\nexec sleep 600\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sleeper.path)
        let service = PGPKeyService(environment: ["SOPS_GPG_EXEC": sleeper.path, "PATH": "/usr/bin:/bin"],
                                    timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await #expect(throws: KeySourceError.self) {
            try await service.unwrap(.pgp(PGPKey(fingerprint: GPGHome.key1, enc: "x")))
        }
        #expect(error?.code == .unreachable)
        // The script would sleep 10 minutes; finishing well before proves it was stopped. The bound
        // is loose on purpose: in a full run, synchronous CLI tests hold Swift's few concurrency
        // threads, and this task's 300 ms timer has been seen firing after 4 minutes.
        #expect(ContinuousClock.now - started < .seconds(420))
    }
}
