import Crypto
import Foundation
import Testing
import TestSupport
@testable import Age
@testable import KeySources

/// The real `age` CLI reads what we write and we read what it writes.
@Suite struct AgeCLIInteropTests {
    static let age = "/usr/bin/age"

    /// A fresh identity written to `dir/keys.txt` in age-keygen's format.
    private func keyFile(in dir: TemporaryDirectory) throws -> (X25519Identity, URL) {
        let identity = try X25519Identity.generate()
        let url = dir.url.appendingPathComponent("keys.txt")
        try Data(identity.keyFileContents().bytes).write(to: url)
        return (identity, url)
    }

    @Test func ageCLIDecryptsWhatWeWrap() async throws {
        let dir = try TemporaryDirectory()
        let (identity, keys) = try keyFile(in: dir)
        let dataKey = SecureRandom.secret(32)
        let service = AgeKeyService(environment: [:])
        let wrapped = try await service.wrap(dataKey, for: .age(AgeKey(recipient: identity.recipient.description)))
        let result = try Command.run(Self.age, ["-d", "-i", keys.path], stdin: Data(wrapped.enc.utf8))
        #expect(result.status == 0, "\(result.err)")
        #expect(Array(result.stdout) == dataKey.bytes)
    }

    @Test(arguments: [true, false])
    func weUnwrapWhatAgeCLIEncrypts(armored: Bool) async throws {
        let dir = try TemporaryDirectory()
        let (identity, keys) = try keyFile(in: dir)
        let dataKey = SecureRandom.bytes(32)
        let result = try Command.run(Self.age, ["-e", "-r", identity.recipient.description] + (armored ? ["-a"] : []),
                                     stdin: Data(dataKey))
        #expect(result.status == 0, "\(result.err)")
        let plaintext: SecretBytes
        if armored {
            let service = AgeKeyService(environment: ["SOPS_AGE_KEY_FILE": keys.path])
            plaintext = try await service.unwrap(.age(AgeKey(recipient: identity.recipient.description, enc: result.out)))
        } else {
            plaintext = try Age.decrypt(Array(result.stdout), with: [identity])
        }
        #expect(plaintext.bytes == dataKey)
    }

    /// Payloads longer than one 64 KiB STREAM chunk, both directions, binary and armored.
    @Test(arguments: [65536, 150_000])
    func multiChunkPayloads(size: Int) throws {
        let dir = try TemporaryDirectory()
        let (identity, keys) = try keyFile(in: dir)
        let plaintext = SecureRandom.secret(size)
        let ours = try Age.encrypt(plaintext, to: [identity.recipient])
        let decrypted = try Command.run(Self.age, ["-d", "-i", keys.path], stdin: Data(ours))
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(Array(decrypted.stdout) == plaintext.bytes)
        let theirs = try Command.run(Self.age, ["-e", "-a", "-r", identity.recipient.description], stdin: Data(plaintext.bytes))
        #expect(try Age.decrypt(AgeArmor.decode(Array(theirs.stdout)), with: [identity]) == plaintext)
    }

    /// `age -p` reads the passphrase from the terminal only, so it runs under `script`, which gives
    /// it a pseudo-terminal fed from our stdin. Output goes to files: a terminal rewrites newlines.
    private func agePassphrase(_ arguments: String, passphraseLines: Int, in dir: TemporaryDirectory) throws {
        let stdin = Data(String(repeating: "hunter2 staple\n", count: passphraseLines).utf8)
        let result = try Command.run("script", ["-qec", "\(Self.age) \(arguments)", "/dev/null"], stdin: stdin)
        #expect(result.status == 0, "\(result.out)")
    }

    @Test func scryptInteropBothWays() throws {
        let dir = try TemporaryDirectory()
        let passphrase = SecretBytes(Array("hunter2 staple".utf8))
        let plaintext = SecureRandom.secret(32)
        let input = try dir.file("plain")
        try Data(plaintext.bytes).write(to: input)
        try agePassphrase("-p -a -o '\(dir.path)/theirs.age' '\(input.path)'", passphraseLines: 2, in: dir)
        let theirs = try Data(contentsOf: dir.url.appendingPathComponent("theirs.age"))
        #expect(try Age.decrypt(AgeArmor.decode(Array(theirs)), with: [ScryptIdentity(passphrase: passphrase)]) == plaintext)

        let ours = try Age.encrypt(plaintext, to: [ScryptRecipient(passphrase: passphrase, workFactor: 12)])
        try Data(ours).write(to: dir.url.appendingPathComponent("ours.age"))
        try agePassphrase("-d -o '\(dir.path)/out' '\(dir.path)/ours.age'", passphraseLines: 1, in: dir)
        #expect(Array(try Data(contentsOf: dir.url.appendingPathComponent("out"))) == plaintext.bytes)
    }

    /// A keys.txt protected with `age -p` (sops decrypts such files on demand, §7.2).
    @Test func passphraseProtectedIdentityFile() async throws {
        let dir = try TemporaryDirectory()
        try dir.file("keys.txt", contents: "# test\n\(AgeTestKeys.identity)\n")
        try agePassphrase("-p -a -o '\(dir.path)/keys.txt.age' '\(dir.path)/keys.txt'", passphraseLines: 2, in: dir)
        let environment = ["SOPS_AGE_KEY_FILE": dir.path + "/keys.txt.age"]
        let key = MasterKey.age(AgeKey(recipient: AgeTestKeys.recipient, enc: AgeTestKeys.armoredVector))

        let prompted = AgeKeyService(environment: environment,
                                     passphrases: AgeFixedPassphrase(SecretBytes(Array("hunter2 staple".utf8))))
        #expect(try await prompted.unwrap(key).bytes == Array("data".utf8))

        // Without a way to ask, the file is set aside (and named), and the other sources still count.
        let unattended = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: environment).unwrap(key)
        }
        #expect(unattended?.code == .notThisKey)
        #expect(unattended?.message == "no age identity found (looked in SOPS_AGE_KEY_FILE file \(dir.path)/keys.txt.age); "
            + "skipped SOPS_AGE_KEY_FILE file \(dir.path)/keys.txt.age, which is passphrase-encrypted and no passphrase can be asked for here")
        let withKey = environment.merging(["SOPS_AGE_KEY": AgeTestKeys.identity]) { a, _ in a }
        #expect(try await AgeKeyService(environment: withKey).unwrap(key).bytes == Array("data".utf8))

        let wrong = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: environment, passphrases: AgeFixedPassphrase(SecretBytes(Array("nope".utf8)))).unwrap(key)
        }
        #expect(wrong?.message == "SOPS_AGE_KEY_FILE file \(dir.path)/keys.txt.age: incorrect passphrase")
    }
}
