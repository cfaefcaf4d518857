import Crypto
import Foundation
import Testing
import TestSupport
import TextEncoding
@testable import Age
@testable import KeySources

/// age's `ssh-ed25519` and `ssh-rsa` stanzas with keys from `ssh-keygen`, against the real `age` CLI.
@Suite struct AgeSSHTests {
    static let age = "/usr/bin/age"
    /// (ssh-keygen type, bits, PEM private key)
    static let kinds: [(String, Int?, Bool)] = [("ed25519", nil, false), ("rsa", 3072, false), ("rsa", 2048, true)]

    private func key(_ kind: (String, Int?, Bool), in dir: TemporaryDirectory) throws -> SSHTestKey {
        try SSHTestKey.generate(kind.0, in: dir, bits: kind.1, pem: kind.2)
    }

    @Test(arguments: kinds)
    func ageCLIDecryptsWhatWeWrap(_ kind: (String, Int?, Bool)) async throws {
        let dir = try TemporaryDirectory()
        let ssh = try key(kind, in: dir)
        let dataKey = SecureRandom.secret(32)
        let wrapped = try await AgeKeyService(environment: [:]).wrap(dataKey, for: .age(AgeKey(recipient: ssh.recipient)))
        guard case .age(let age) = wrapped else { Issue.record("not an age key"); return }
        #expect(age.recipient == ssh.recipient)
        let result = try Command.run(Self.age, ["-d", "-i", ssh.privateKey.path], stdin: Data(age.enc.utf8))
        #expect(result.status == 0, "\(result.err)")
        #expect(Array(result.stdout) == dataKey.bytes)
    }

    @Test(arguments: kinds)
    func weUnwrapWhatAgeCLIEncrypts(_ kind: (String, Int?, Bool)) async throws {
        let dir = try TemporaryDirectory()
        let ssh = try key(kind, in: dir)
        let dataKey = SecureRandom.bytes(32)
        let result = try Command.run(Self.age, ["-e", "-a", "-R", ssh.publicKey.path], stdin: Data(dataKey))
        #expect(result.status == 0, "\(result.err)")
        let service = AgeKeyService(environment: ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": ssh.privateKey.path])
        let plaintext = try await service.unwrap(.age(AgeKey(recipient: ssh.recipient, enc: result.out)))
        #expect(plaintext.bytes == dataKey)
    }

    @Test func defaultKeysInHomeAreUsedAndMissingOnesAreNoError() async throws {
        let home = try TemporaryDirectory()
        let ed25519 = try SSHTestKey.generate("ed25519", in: home, name: ".ssh/id_ed25519")
        let rsa = try SSHTestKey.generate("rsa", in: home, name: ".ssh/id_rsa", bits: 2048)
        for ssh in [ed25519, rsa] {
            let dataKey = SecureRandom.secret(32)
            let wrapped = try await AgeKeyService(environment: [:]).wrap(dataKey, for: .age(AgeKey(recipient: ssh.recipient)))
            #expect(try await AgeKeyService(environment: ["HOME": home.path]).unwrap(wrapped) == dataKey)
        }
        let empty = try TemporaryDirectory()
        let sources = try AgeIdentitySources.load(environment: ["HOME": empty.path], passphrases: nil)
        #expect(sources.identities.isEmpty && sources.skipped.isEmpty)
    }

    @Test func wrongKeyIsNotThisKeyNamingTheKeyTried() async throws {
        let dir = try TemporaryDirectory()
        let mine = try SSHTestKey.generate("ed25519", in: dir, name: "mine")
        let other = try SSHTestKey.generate("ed25519", in: dir, name: "other")
        let wrapped = try await AgeKeyService(environment: [:]).wrap(SecureRandom.secret(32), for: .age(AgeKey(recipient: mine.recipient)))
        let error = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": other.privateKey.path]).unwrap(wrapped)
        }
        #expect(error?.code == .notThisKey)
        #expect(error?.key == mine.recipient)
        #expect(error?.message == "none of the 1 age identities from SOPS_AGE_SSH_PRIVATE_KEY_FILE file \(other.privateKey.path) matches")
    }

    @Test func passphraseProtectedKeyIsAClearErrorOrSetAsideWhenItIsADefault() async throws {
        let dir = try TemporaryDirectory()
        let locked = try SSHTestKey.generate("ed25519", in: dir, name: ".ssh/id_ed25519", passphrase: "hunter2 staple")
        let wrapped = try await AgeKeyService(environment: [:]).wrap(SecureRandom.secret(32), for: .age(AgeKey(recipient: locked.recipient)))
        let named = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": locked.privateKey.path]).unwrap(wrapped)
        }
        #expect(named?.code == .invalidKey)
        #expect(named?.message == "the SSH key SOPS_AGE_SSH_PRIVATE_KEY_FILE file \(locked.privateKey.path) is protected by a passphrase, which gitsops cannot use")
        let asDefault = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["HOME": dir.path]).unwrap(wrapped)
        }
        #expect(asDefault?.code == .notThisKey)
        #expect(asDefault?.message.contains("skipped \(locked.privateKey.path), which is protected by a passphrase") == true)
    }

    @Test func stanzasHaveAgesShape() throws {
        let dir = try TemporaryDirectory()
        let ed25519 = try SSHTestKey.generate("ed25519", in: dir)
        let stanza = try AgeKeyService.recipient(parsing: ed25519.recipient).wrap(SecureRandom.secret(16))
        let blob = try #require(Base64.decode(ed25519.recipient.split(separator: " ")[1].utf8, .standard))
        #expect(stanza.type == "ssh-ed25519")
        #expect(stanza.arguments.count == 2)
        #expect(stanza.arguments[0] == Base64.encode(SHA256.hash(blob).prefix(4), .raw))
        #expect(stanza.body.count == 32)
        let rsa = try SSHTestKey.generate("rsa", in: dir, bits: 3072)
        let rsaStanza = try AgeKeyService.recipient(parsing: rsa.recipient).wrap(SecureRandom.secret(16))
        #expect(rsaStanza.type == "ssh-rsa" && rsaStanza.arguments.count == 1 && rsaStanza.body.count == 384)
    }

    @Test func rejectsWeakAndMalformedRecipients() throws {
        let dir = try TemporaryDirectory()
        let weak = try SSHTestKey.generate("rsa", in: dir, bits: 1024)
        let ed25519 = try SSHTestKey.generate("ed25519", in: dir)
        let relabelled = "ssh-rsa " + ed25519.recipient.split(separator: " ")[1]
        let cases: [(String, String)] = [
            (weak.recipient, "ssh-rsa key of 1024 bits (age needs 2048 to 16384)"),
            ("ssh-dss " + Base64.encode(SSHWireWriter.string(Array("ssh-dss".utf8)) + SSHWireWriter.string([1, 2])),
             "unsupported SSH key type \"ssh-dss\" (age supports ssh-ed25519 and ssh-rsa)"),
            (relabelled, "key type \"ssh-ed25519\" does not match \"ssh-rsa\""),
            ("ssh-ed25519 !!!!", "invalid base64"),
            ("ssh-ed25519", "expected \"type base64 [comment]\""),
        ]
        for (recipient, reason) in cases {
            let error = #expect(throws: KeySourceError.self) { try AgeKeyService.validateRecipient(recipient) }
            #expect(error?.message == "malformed SSH recipient \"\(recipient)\": \(reason)")
        }
    }

    /// Every truncation and many bit flips of a real key file fail cleanly, never trap, and the
    /// error never carries the file's bytes.
    @Test(arguments: ["ed25519", "rsa"])
    func hostileKeyFilesFailCleanly(_ type: String) throws {
        let dir = try TemporaryDirectory()
        let ssh = try SSHTestKey.generate(type, in: dir, bits: type == "rsa" ? 2048 : nil)
        let text = try String(contentsOf: ssh.privateKey, encoding: .utf8)
        let body = text.split(separator: "\n").dropFirst().dropLast().joined()
        let decoded = try #require(Base64.decode(body.utf8, .standard))
        _ = try SSHPrivateKeyFile.identity(from: Array(text.utf8))
        func armored(_ bytes: [UInt8]) -> [UInt8] {
            Array("-----BEGIN OPENSSH PRIVATE KEY-----\n\(Base64.encode(bytes))\n-----END OPENSSH PRIVATE KEY-----\n".utf8)
        }
        for length in 0..<decoded.count {
            #expect(throws: SSHPrivateKeyFile.Failure.self) { try SSHPrivateKeyFile.identity(from: armored(Array(decoded.prefix(length)))) }
        }
        var flipped = 0
        for index in stride(from: 0, to: decoded.count, by: 3) {
            var bytes = decoded
            bytes[index] ^= 0x80
            do {
                _ = try SSHPrivateKeyFile.identity(from: armored(bytes))
            } catch .malformed(let reason) {
                flipped += 1
                #expect(!reason.contains("user@example"))
            } catch {
                flipped += 1
            }
        }
        #expect(flipped > 0)
    }
}
