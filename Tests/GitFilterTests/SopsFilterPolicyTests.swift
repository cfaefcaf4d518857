import Foundation
import FilterProtocol
@testable import GitFilter
import Age
import KeySources
import Sops
import Testing

/// The sops policy without git: pass-through rules, missing keys, which smudges are worth delaying.
@Suite struct SopsFilterPolicyTests {
    struct FixedRules: CreationRuleSource {
        let rule: CreationRule
        func rule(for path: String) throws -> CreationRule { rule }
    }

    let identity: X25519Identity
    let policy: SopsFilterPolicy

    init() throws {
        identity = try X25519Identity.generate()
        let engine = SopsEngine(keyServices: KeyServices([AgeKeyService(identities: [identity])]), dataKeyCache: DataKeyCache())
        let rule = CreationRule(keyGroups: [[.age(AgeKey(recipient: identity.recipient.description))]])
        policy = SopsFilterPolicy(engine: engine, repository: nil, rules: FixedRules(rule: rule))
    }

    @Test func cleanEncryptsAndSmudgeRestoresTheBytes() async throws {
        let plain = Array("# note\nkey: value-1a   # why\n".utf8)
        let stored = try await policy.clean(plain, path: "secrets/a.yaml")
        #expect(SopsEngine.isSopsDocument(stored, format: .yaml))
        #expect(try await policy.smudge(stored, path: "secrets/a.yaml") == Smudged(plain))
        // Already encrypted input is stored as it is.
        #expect(try await policy.clean(stored, path: "secrets/a.yaml") == stored)
    }

    @Test func withoutTheKeySmudgePassesCiphertextThroughWithTheSharedWarning() async throws {
        let stored = try await policy.clean(Array("{\"k\": \"v\"}".utf8), path: "x.json")
        let strangerEngine = SopsEngine(keyServices: KeyServices([AgeKeyService(identities: [try X25519Identity.generate()])]),
                                        dataKeyCache: DataKeyCache())
        let stranger = SopsFilterPolicy(engine: strangerEngine, repository: nil, rules: policy.rules)
        #expect(try await stranger.smudge(stored, path: "x.json") == Smudged(stored, keptAsStored: "no usable key here"))
    }

    @Test func lockedSmudgeAndNonSopsInputPassThroughSilently() async throws {
        let stored = try await policy.clean(Array("A=1\n".utf8), path: "a.env")
        let locked = SopsFilterPolicy(engine: policy.engine, repository: nil, rules: policy.rules, locked: true)
        #expect(try await locked.smudge(stored, path: "a.env") == Smudged(stored))
        #expect(try await policy.smudge(Array("plain: yes\n".utf8), path: "p.yaml") == Smudged(Array("plain: yes\n".utf8)))
    }

    @Test func aConflictCarrierSmudgesToTheConflictText() async throws {
        let conflict = Array("a: 1\n<<<<<<< ours\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n".utf8)
        let carrier = try await ConflictCarrier.seal(conflict, path: "c.yaml", keyGroups: [[.age(AgeKey(recipient: identity.recipient.description))]],
                                                     threshold: 0, engine: policy.engine)
        #expect(!String(decoding: carrier, as: UTF8.self).contains("<<<<<<<"))
        #expect(try await policy.smudge(carrier, path: "c.yaml") == Smudged(conflict))
        #expect(try await policy.clean(carrier, path: "c.yaml") == carrier)
    }

    @Test func onlyFilesWrappedSolelyForRemoteKeysAreDelayed() async throws {
        let local = try await policy.clean(Array("{\"k\": \"v\"}".utf8), path: "x.json")
        #expect(!policy.smudgeNeedsNetwork(local, path: "x.json"))
        let remote = String(decoding: local, as: UTF8.self).replacingOccurrences(
            of: #"(?s)"age": \[.*?\],"#, with: #""kms": [{"arn": "arn:aws:kms:us-east-1:111122223333:key/k", "aws_profile": "", "created_at": "2024-01-01T00:00:00Z", "enc": "AQID"}],"#,
            options: .regularExpression)
        #expect(remote.contains("\"kms\""))
        #expect(policy.smudgeNeedsNetwork(Array(remote.utf8), path: "x.json"))
        #expect(!policy.smudgeNeedsNetwork(Array("not sops".utf8), path: "x.json"))
    }
}
