import Foundation
import KeySources
import Sops
import TestSupport
import Testing

/// `.sops.yaml`: discovery, rule matching, every field form, key groups, stores, errors.
@Suite struct ConfigTests {
    static func config(_ text: String, at path: String = "/repo/.sops.yaml") throws -> SopsConfig {
        try SopsConfig(parsing: Array(text.utf8), path: path)
    }

    static func identities(_ rule: CreationRule) -> [[String]] { rule.keyGroups.map { $0.map { "\($0.type.rawValue):\($0.identity)" } } }

    @Test func sopsRootConfigFoldedPGPString() throws {
        let config = try SopsConfig(parsing: Array(try Data(contentsOf: SharedFixtures.sops("sops-root.sops.yaml"))), path: "/r/.sops.yaml")
        let rule = try config.rule(for: "/r/anything/at/all.yaml")
        #expect(Self.identities(rule) == [["pgp:FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", "pgp:D7229043384BCC60326C6FB9D8720D957C3D3074"]])
    }

    @Test func functionalTestsConfig() async throws {
        let config = try SopsConfig(parsing: Array(try Data(contentsOf: SharedFixtures.sops("functional-tests.sops.yaml"))), path: "/f/.sops.yaml")
        #expect(config.creationRules.count == 6)
        #expect(Self.identities(try config.rule(for: "/f/test_roundtrip_keygroups.yaml"))
                == [["pgp:FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"], ["pgp:D7229043384BCC60326C6FB9D8720D957C3D3074"]])
        #expect(try config.rule(for: "/f/test_no_keygroups.yaml").keyGroups.isEmpty)
        #expect(try config.rule(for: "/f/test_zero_keygroups.yaml").keyGroups.isEmpty)
        #expect(try config.rule(for: "/f/test_empty_keygroup.yaml").keyGroups == [[]])
        #expect(Self.identities(try config.rule(for: "/elsewhere/x.json")) == [["pgp:FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"]])
        let engine = SopsEngine(keyServices: KeyServices([FakeKeyService()]), dataKeyCache: DataKeyCache())
        for path in ["/f/test_no_keygroups.yaml", "/f/test_zero_keygroups.yaml", "/f/test_empty_keygroup.yaml"] {
            await #expect { try await engine.encrypt(Array("a: b\n".utf8), EncryptionRequest(path: path, rule: try config.rule(for: path))) } throws: { error in
                (error as? SopsError)?.description.contains("[empty key group provided]") == true
            }
        }
    }

    @Test func everyFieldInStringAndListForm() throws {
        let config = try Self.config("""
            creation_rules:
              - path_regex: ^secrets/.*\\.yaml$
                age: "age1aaa, age1bbb,"
                pgp: [ "AAAA BBBB", CCCC ]
                kms: arn:aws:kms:us-east-1:111122223333:key/k1+arn:aws:iam::111122223333:role/r, arn:aws:kms:us-east-1:111122223333:alias/a
                aws_profile: prod
                gcp_kms: [projects/p/locations/global/keyRings/r/cryptoKeys/k]
                azure_keyvault: https://v.vault.azure.net/keys/name/0123
                hc_vault_transit_uri: https://vault:8200/v1/sops/transit/keys/key1
                hckms: [tr-west-1:uuid]
                shamir_threshold: "2"
                mac_only_encrypted: true
                unencrypted_suffix: _clear
              - path_regex: \\.env$
                key_groups:
                  - merge:
                      - pgp: [FP1]
                    age: [age1x, "age1y,age1z"]
                    kms:
                      - arn: arn:aws:kms:eu-west-1:1:key/k
                        role: arn:aws:iam::1:role/x
                        context: {env: prod, app: web}
                        aws_profile: p
                    gcp_kms: [{resource_id: projects/p/locations/l/keyRings/r/cryptoKeys/k}]
                    azure_keyvault: [{vaultUrl: "https://v", key: k, version: v1}]
                    hc_vault: [https://vault:8200/v1/a/b/keys/c]
                    hckms: [{key_id: "r:u"}]
                  - pgp: [FP2, FP2]
                encrypted_regex: ^data$
            stores:
              yaml: {indent: 2}
              json: {indent: 4}
              json_binary: {indent: 0}
            """)
        let flat = try config.rule(for: "/repo/secrets/a.yaml")
        #expect(Self.identities(flat) == [[
            "age:age1aaa", "age:age1bbb", "pgp:AAAABBBB", "pgp:CCCC",
            "kms:arn:aws:kms:us-east-1:111122223333:key/k1+arn:aws:iam::111122223333:role/r||prod",
            "kms:arn:aws:kms:us-east-1:111122223333:alias/a||prod",
            "gcp_kms:projects/p/locations/global/keyRings/r/cryptoKeys/k", "hckms:tr-west-1:uuid",
            "azure_kv:https://v.vault.azure.net/keys/name/0123", "hc_vault:https://vault:8200/v1/sops/transit/keys/key1",
        ]])
        #expect(flat.shamirThreshold == 2 && flat.macOnlyEncrypted && flat.selection == .unencryptedSuffix("_clear"))
        let groups = try config.rule(for: "/repo/x.env")
        #expect(Self.identities(groups) == [
            ["pgp:FP1", "age:age1x", "age:age1y", "age:age1z", "kms:arn:aws:kms:eu-west-1:1:key/k+arn:aws:iam::1:role/x|app:web,env:prod|p",
             "gcp_kms:projects/p/locations/l/keyRings/r/cryptoKeys/k", "hckms:r:u", "azure_kv:https://v/keys/k/v1",
             "hc_vault:https://vault:8200/v1/a/b/keys/c"],
            ["pgp:FP2"],
        ])
        #expect(groups.selection == .encryptedRegex("^data$"))
        #expect(config.stores == StoreSettings(yamlIndent: 2, jsonIndent: 4, jsonBinaryIndent: 0))
    }

    @Test func matchingIsUnanchoredOnThePathRelativeToTheConfig() throws {
        let config = try Self.config("""
            creation_rules:
              - path_regex: prod/
                age: age1prod
              - filename_regex: ignored-so-this-matches-everything
                age: age1any
            """)
        #expect(Self.identities(try config.rule(for: "/repo/k8s/prod/db.yaml")) == [["age:age1prod"]])
        #expect(Self.identities(try config.rule(for: "k8s/prod/db.yaml")) == [["age:age1prod"]])
        #expect(Self.identities(try config.rule(for: "/repo/dev/db.yaml")) == [["age:age1any"]])
        #expect(Self.identities(try config.rule(for: "/outside/prod/x")) == [["age:age1prod"]])
    }

    @Test func errorsAreClear() throws {
        #expect { try Self.config("creation_rules:\n  - path_regex: a\n    age: x\n").rule(for: "/repo/b") } throws: { error in
            let e = error as? SopsError
            return e?.description.contains("no matching creation rules found for 'b' in /repo/.sops.yaml") == true && e?.hint != nil
        }
        #expect(throws: SopsError.self) { try Self.config("creation_rules:\n  - path_regex: (?=x)\n").rule(for: "/repo/x") }
        #expect(throws: SopsError.self) { try Self.config("creation_rules:\n  - encrypted_regex: a\n    unencrypted_regex: b\n") }
        #expect(throws: SopsError.self) { try Self.config("creation_rules:\n  - age: [1, 2]\n") }
        #expect(throws: SopsError.self) { try Self.config("stores:\n  yaml: {indent: -1}\n") }
        #expect(throws: SopsError.self) { try Self.config("creation_rules: [\n") }
    }

    @Test func discoveryWalksUpAndHonoursSOPS_CONFIG() throws {
        let dir = try TemporaryDirectory("config")
        try dir.file(".sops.yaml", contents: "creation_rules:\n  - age: age1top\n")
        try dir.file("a/b/.sops.yml", contents: "creation_rules:\n  - age: age1wrongname\n")
        try dir.file("a/b/c/file.yaml", contents: "x: 1\n")
        try dir.file("other.yaml", contents: "creation_rules:\n  - age: age1explicit\n")
        let found = try #require(try SopsConfig.discover(from: dir.path + "/a/b/c", environment: [:]))
        #expect(found.path == dir.path + "/.sops.yaml")
        #expect(Self.identities(try found.rule(for: dir.path + "/a/b/c/file.yaml")) == [["age:age1top"]])
        let explicit = try #require(try SopsConfig.discover(from: dir.path + "/a", environment: ["SOPS_CONFIG": dir.path + "/other.yaml"]))
        #expect(Self.identities(try explicit.rule(for: "x")) == [["age:age1explicit"]])
        let empty = try TemporaryDirectory("no-config")
        var ancestor = empty.url.deletingLastPathComponent()
        var expected: String?
        while expected == nil {
            let candidate = ancestor.appendingPathComponent(".sops.yaml").path
            if FileManager.default.fileExists(atPath: candidate) { expected = candidate }
            if ancestor.path == "/" { break }
            ancestor = ancestor.deletingLastPathComponent()
        }
        #expect((try? SopsConfig.discover(from: empty.path, environment: [:]))??.path == expected)
    }
}
