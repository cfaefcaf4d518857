import Crypto
import Foundation
import Testing
import TestSupport
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
}
