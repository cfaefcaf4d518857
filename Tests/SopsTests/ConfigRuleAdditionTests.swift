import KeySources
@testable import Sops
import Testing

/// Adding a cluster's rule to `.sops.yaml` text: every other byte kept, placed before the first
/// rule that could take the directory's files, idempotent, refused where it cannot be exact.
@Suite struct ConfigRuleAdditionTests {
    static let kms = AWSKMSKey(arn: "arn:aws:kms:us-west-2:111122223333:key/k1", role: "arn:aws:iam::111122223333:role/flux-secrets")
    static func rule(_ directory: String, keys: [MasterKey] = [.awsKMS(kms)]) -> CreationRule {
        CreationRule(pathRegex: SopsConfig.pathRegex(forDirectory: directory), keyGroups: [keys],
                     selection: .encryptedRegex("^(data|stringData)$"))
    }

    static func added(_ source: String?, _ directory: String = "secrets/prod") throws -> (text: String, index: Int) {
        let outcome = try SopsConfig.adding(rule(directory), forDirectory: directory, to: source.map { Array($0.utf8) }, path: ".sops.yaml")
        guard case .added(let bytes, let index) = outcome else { throw SopsError(.config, "expected an addition, got \(outcome)") }
        return (String(decoding: bytes, as: UTF8.self), index)
    }

    static let prodRule = """
          - path_regex: '^secrets/prod/'
            encrypted_regex: '^(data|stringData)$'
            key_groups:
              - kms:
                  - arn: arn:aws:kms:us-west-2:111122223333:key/k1
                    role: arn:aws:iam::111122223333:role/flux-secrets

        """

    @Test func createsTheFileInTheIssuesShape() throws {
        let result = try Self.added(nil)
        #expect(result.index == 0)
        #expect(result.text == "creation_rules:\n" + Self.prodRule)
        let config = try SopsConfig(parsing: Array(result.text.utf8), path: "/r/.sops.yaml")
        #expect(try config.rule(for: "/r/secrets/prod/db.yaml").keyGroups == [[.awsKMS(Self.kms)]])
    }

    @Test func goesBeforeTheCatchAllKeepingEveryOtherByte() throws {
        let source = """
            # team keys: ask #platform before changing
            creation_rules:
              # staging cluster
              - path_regex: ^secrets/staging/   # the old one
                age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s

              # everything else: the developers' key
              - path_regex: "secrets/.*"
                age: >-
                  age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s
            stores:
              yaml:
                indent: 4

            """
        let result = try Self.added(source)
        #expect(result.index == 1)
        let expected = source.replacing("\n  # everything else", with: "\n" + Self.prodRule + "  # everything else")
        #expect(result.text == expected)
    }

    @Test func appendsAfterRulesThatCannotMatchAndFollowsTheListsIndentation() throws {
        let source = "creation_rules:\n- path_regex: ^secrets/staging/\n  age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s\n- path_regex: \\.env$\n  pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"
        let result = try Self.added(source)
        // `\.env$` matches files in any directory: the new rule goes first.
        #expect(result.index == 1)
        let withoutEnv = "creation_rules:\n- path_regex: ^secrets/staging/\n  age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s\n"
        let appended = try Self.added(withoutEnv)
        #expect(appended.index == 1)
        #expect(appended.text == withoutEnv + Self.prodRule.split(separator: "\n").map { $0.dropFirst(2) + "\n" }.joined())
        // A file without a final line break gets one before the rule.
        #expect(try Self.added(String(withoutEnv.dropLast())).text == appended.text)
    }

    @Test func subdirectoryRulesKeepWinningForTheirFiles() throws {
        let source = "creation_rules:\n  - path_regex: ^secrets/prod/team-a/\n    age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s\n"
        #expect(try Self.added(source).index == 1)
    }

    @Test func crlfFilesStayCRLF() throws {
        let source = "creation_rules:\r\n  - path_regex: .*\r\n    age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s\r\n"
        let result = try Self.added(source)
        #expect(result.index == 0)
        #expect(result.text == "creation_rules:\r\n" + Self.prodRule.replacing("\n", with: "\r\n")
                + "  - path_regex: .*\r\n    age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s\r\n")
    }

    @Test func addsTheListToAConfigWithoutOne() throws {
        let source = "# only stores so far\nstores:\n  yaml:\n    indent: 2\n"
        #expect(try Self.added(source).text == source + "creation_rules:\n" + Self.prodRule)
        #expect(try Self.added("creation_rules:\n# none yet\n").text == "creation_rules:\n" + Self.prodRule + "# none yet\n")
    }

    @Test func againWithTheSameKeysChangesNothingAndOtherKeysAreRefused() throws {
        let once = try Self.added(nil)
        let again = try SopsConfig.adding(Self.rule("secrets/prod"), forDirectory: "secrets/prod", to: Array(once.text.utf8), path: ".sops.yaml")
        #expect(again == .unchanged(index: 0))
        let other = Self.rule("secrets/prod", keys: [.age(AgeKey(recipient: "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s"))])
        #expect(throws: SopsError.self) {
            try SopsConfig.adding(other, forDirectory: "secrets/prod", to: Array(once.text.utf8), path: ".sops.yaml")
        }
    }

    @Test func layoutsItCannotEditExactlyAreRefused() throws {
        for source in ["creation_rules: [{path_regex: x, age: a}]\n", "[1, 2]\n", "{creation_rules: []}\n"] {
            #expect(throws: SopsError.self) { try Self.added(source) }
        }
    }

    @Test func everyKeyTypeRendersAndReadsBack() throws {
        let keys: [MasterKey] = [
            .awsKMS(AWSKMSKey(arn: "arn:aws:kms:eu-west-1:111122223333:alias/prod", role: "arn:aws:iam::111122223333:role/r",
                              context: ["cluster": "prod", "app": "web's"], awsProfile: "ops")),
            .gcpKMS(GCPKMSKey(resourceID: "projects/p/locations/global/keyRings/r/cryptoKeys/k")),
            .azureKeyVault(try SopsConfig.keyVaultKey(url: "https://v.vault.azure.net/keys/k/0123")),
            .age(AgeKey(recipient: "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsxmp9s")),
            .pgp(PGPKey(fingerprint: "85D77543B3D624B63CEA9E6DBC17301B491B3F21")),
        ]
        let rule = Self.rule("clusters/eu.1", keys: keys)
        guard case .added(let bytes, _) = try SopsConfig.adding(rule, forDirectory: "clusters/eu.1", to: nil, path: ".sops.yaml") else {
            Issue.record("nothing added")
            return
        }
        let read = try SopsConfig(parsing: bytes, path: "/r/.sops.yaml").rule(for: "/r/clusters/eu.1/x.yaml")
        #expect(read.pathRegex == "^clusters/eu\\.1/")
        #expect(read.sameKeysAndSelection(as: rule))
        #expect(throws: SopsError.self) { try SopsConfig(parsing: bytes, path: "/r/.sops.yaml").rule(for: "/r/clusters/eux1/x.yaml") }
    }

    @Test(arguments: [
        ("^secrets/prod/", "secrets/prod", true), ("^secrets/staging/", "secrets/prod", false),
        ("secrets/.*", "secrets/prod", true), ("\\.ya?ml$", "secrets/prod", true), ("^secrets/prod/team-a/", "secrets/prod", false),
        ("secrets/staging", "secrets/prod", false), ("prod", "secrets/prod", true), ("^secrets/prod$", "secrets/prod", false),
        ("^secrets/[^/]+/[^/]+$", "secrets/prod", true), ("^secrets/[^/]+/[^/]+/", "secrets/prod", false),
        ("^(?i)SECRETS/PROD/", "secrets/prod", true), ("\\bprod/db\\b", "secrets/prod", true), ("^a$|^secrets/p", "secrets/prod", true),
        ("^$", "", false), ("x", "", true),
    ])
    func mayMatchAFileDirectlyInTheDirectory(pattern: String, directory: String, expected: Bool) throws {
        #expect(try RE2Pattern(pattern, setting: "path_regex").mayMatchFile(inDirectory: directory) == expected)
    }
}
