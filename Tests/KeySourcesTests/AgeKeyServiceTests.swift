import Crypto
import Foundation
import Testing
import TestSupport
@testable import Age
@testable import KeySources

/// `AgeKeyService`: sops' identity sources (§7.2), error classes, and the stanza it writes.
@Suite struct AgeKeyServiceTests {
    static let vectorKey = MasterKey.age(AgeKey(recipient: AgeTestKeys.recipient, enc: AgeTestKeys.armoredVector))

    private func unwrapsVector(_ environment: [String: String]) async throws -> Bool {
        try await AgeKeyService(environment: environment).unwrap(Self.vectorKey).bytes == Array("data".utf8)
    }

    @Test func identitiesFromSopsAgeKeyAreWhitespaceSeparated() async throws {
        let keys = "# mine\n\(AgeTestKeys.otherIdentity) \t\(AgeTestKeys.identity)\n\n"
        #expect(try await unwrapsVector(["SOPS_AGE_KEY": keys]))
        #expect(try await unwrapsVector(["SOPS_AGE_KEY": "\(AgeTestKeys.otherIdentity)\n\(AgeTestKeys.identity)"]))
    }

    @Test func identitiesFromSopsAgeKeyFile() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.file("keys.txt", contents: "# created: 2020-01-01T00:00:00Z\r\n# public key: \(AgeTestKeys.recipient)\r\n\r\n\(AgeTestKeys.identity)\r\n")
        #expect(try await unwrapsVector(["SOPS_AGE_KEY_FILE": file.path, "HOME": dir.path]))
    }

    @Test func defaultKeyFileUnderXDGConfigHomeThenHome() async throws {
        let dir = try TemporaryDirectory()
        try dir.file("xdg/sops/age/keys.txt", contents: AgeTestKeys.identity + "\n")
        try dir.file("home/.config/sops/age/keys.txt", contents: AgeTestKeys.otherIdentity + "\n")
        #expect(try await unwrapsVector(["XDG_CONFIG_HOME": dir.path + "/xdg", "HOME": dir.path + "/home"]))
        // With XDG_CONFIG_HOME set, ~/.config is not consulted (Go's os.UserConfigDir).
        let xdgWins = await #expect(throws: KeySourceError.self) {
            try await unwrapsVector(["XDG_CONFIG_HOME": dir.path + "/nothing", "HOME": dir.path + "/xdg-less"])
        }
        #expect(xdgWins?.code == .notThisKey)
        try dir.file("home2/.config/sops/age/keys.txt", contents: AgeTestKeys.identity + "\n")
        #expect(try await unwrapsVector(["HOME": dir.path + "/home2"]))
    }

    @Test func allSourcesAreCollected() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.file("other.txt", contents: AgeTestKeys.otherIdentity + "\n")
        try dir.file("home/.config/sops/age/keys.txt", contents: AgeTestKeys.identity + "\n")
        #expect(try await unwrapsVector(["SOPS_AGE_KEY": AgeTestKeys.otherIdentity, "SOPS_AGE_KEY_FILE": file.path,
                                         "HOME": dir.path + "/home"]))
    }

    @Test func noIdentityAnywhereIsNotThisKeyWithAHint() async throws {
        let dir = try TemporaryDirectory()
        let error = await #expect(throws: KeySourceError.self) { try await unwrapsVector(["HOME": dir.path]) }
        #expect(error?.code == .notThisKey)
        #expect(error?.description == "\(AgeTestKeys.recipient): no age identity found (looked in SOPS_AGE_SSH_PRIVATE_KEY_FILE, ~/.ssh, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the default keys.txt)")
        #expect(error?.hint != nil)
    }

    @Test func unrelatedIdentityIsNotThisKey() async throws {
        let error = await #expect(throws: KeySourceError.self) {
            try await unwrapsVector(["SOPS_AGE_KEY": AgeTestKeys.otherIdentity])
        }
        #expect(error?.code == .notThisKey)
        #expect(error?.message == "none of the 1 age identities from SOPS_AGE_KEY matches")
    }

    @Test func skippedPostQuantumIdentityIsMentioned() async throws {
        let error = await #expect(throws: KeySourceError.self) {
            try await unwrapsVector(["SOPS_AGE_KEY": AgeTestKeys.postQuantumIdentity])
        }
        #expect(error?.code == .notThisKey)
        #expect(error?.message.hasSuffix("skipped a post-quantum identity in SOPS_AGE_KEY") == true)
    }

    @Test func missingKeyFileIsACredentialsError() async throws {
        let error = await #expect(throws: KeySourceError.self) {
            try await unwrapsVector(["SOPS_AGE_KEY_FILE": "/nonexistent/keys.txt"])
        }
        #expect(error?.code == .credentials)
        #expect(error?.message.hasPrefix("cannot read age identities from SOPS_AGE_KEY_FILE file /nonexistent/keys.txt:") == true)
    }

    @Test func malformedIdentityNamesTheLineNotTheKey() async throws {
        let broken = String(AgeTestKeys.identity.dropLast()) + "8"
        let error = await #expect(throws: KeySourceError.self) {
            try await unwrapsVector(["SOPS_AGE_KEY": "# comment\n\(broken)\n"])
        }
        #expect(error?.code == .invalidKey)
        #expect(error?.description == "\(AgeTestKeys.recipient): SOPS_AGE_KEY, line 2: malformed secret key: invalid checksum; none of the keys in it were used")
        #expect(error?.hint == "fix or delete line 2 (comments start with #)")
    }

    @Test func corruptFileForAMatchingIdentityFails() async throws {
        var file = try AgeArmor.decode(Array(AgeTestKeys.armoredVector.utf8))
        file[file.count - 1] ^= 0x80
        let key = MasterKey.age(AgeKey(recipient: AgeTestKeys.recipient, enc: AgeArmor.encode(file)))
        let error = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["SOPS_AGE_KEY": AgeTestKeys.identity]).unwrap(key)
        }
        #expect(error?.code == .failed)
        let garbled = MasterKey.age(AgeKey(recipient: AgeTestKeys.recipient, enc: "-----BEGIN AGE ENCRYPTED FILE-----\nAAA\n"))
        let armor = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["SOPS_AGE_KEY": AgeTestKeys.identity]).unwrap(garbled)
        }
        #expect(armor?.code == .failed)
    }

    @Test func identitiesAreReadOncePerService() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.file("keys.txt", contents: AgeTestKeys.identity + "\n")
        let service = AgeKeyService(environment: ["SOPS_AGE_KEY_FILE": file.path])
        #expect(try await service.unwrap(Self.vectorKey).bytes == Array("data".utf8))
        try FileManager.default.removeItem(at: file)
        #expect(try await service.unwrap(Self.vectorKey).bytes == Array("data".utf8))
    }

    @Test func wrapWritesSopsArmorAndRoundTrips() async throws {
        let identity = try X25519Identity.generate()
        let service = AgeKeyService(identities: [identity])
        let dataKey = SecureRandom.secret(32)
        let wrapped = try await service.wrap(dataKey, for: .age(AgeKey(recipient: "  \(identity.recipient) ")))
        guard case .age(let age) = wrapped else { Issue.record("not an age key"); return }
        #expect(age.recipient == identity.recipient.description)
        #expect(age.enc.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----\n"))
        #expect(age.enc.hasSuffix("\n-----END AGE ENCRYPTED FILE-----\n"))
        let header = try AgeFormat.parse(AgeArmor.decode(Array(age.enc.utf8)))
        #expect(header.stanzas.map(\.type) == ["X25519"])
        #expect(try await service.unwrap(wrapped) == dataKey)
    }

    @Test func wrapRejectsBadAndUnsupportedRecipients() async throws {
        let service = AgeKeyService(environment: [:])
        let malformed = await #expect(throws: KeySourceError.self) {
            try await service.wrap(SecureRandom.secret(32), for: .age(AgeKey(recipient: "age1qpzry9x8gf2tvdw0")))
        }
        #expect(malformed?.description == "malformed recipient \"age1qpzry9x8gf2tvdw0\": invalid checksum")
        let ssh = await #expect(throws: KeySourceError.self) {
            try await service.wrap(SecureRandom.secret(32), for: .age(AgeKey(recipient: "ssh-ed25519 AAAA me")))
        }
        #expect(ssh?.code == .invalidKey)
        #expect(ssh?.description == "malformed SSH recipient \"ssh-ed25519 AAAA me\": truncated public key")
        let plugin = await #expect(throws: KeySourceError.self) {
            try await service.wrap(SecureRandom.secret(32), for: .age(AgeKey(recipient: "age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")))
        }
        #expect(plugin?.code == .unsupported)
    }

    @Test func unwrapNamesUnsupportedRecipientKinds() async throws {
        let key = MasterKey.age(AgeKey(recipient: "age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
                                       enc: AgeTestKeys.armoredVector))
        let error = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["SOPS_AGE_KEY": AgeTestKeys.identity]).unwrap(key)
        }
        #expect(error?.code == .unsupported)
        #expect(error?.message == "post-quantum (age1pq1…) recipients are not supported by gitsops")
    }

    @Test func localServicesCoverAgeAndPGP() {
        let services = KeyServices.local(environment: [:])
        #expect(services.service(for: .age) is AgeKeyService)
        #expect(services.service(for: .pgp) is PGPKeyService)
        #expect(services.service(for: .kms) == nil)
    }
}
