import GitFilter
import KeySources
import Repository
import Sops

/// Creation rules for files of a repository. Keys named by sops' key variables
/// (`SOPS_AGE_RECIPIENTS`) replace a rule's keys, as in sops (spec/sops-format.md §8.3).
struct RepositoryRules: CreationRuleSource {
    let repository: Repository
    let environment: [String: String]

    func rule(for path: String) throws -> CreationRule {
        if let recipients = environment["SOPS_AGE_RECIPIENTS"] {
            let keys = recipients.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
            if !keys.isEmpty { return CreationRule(keyGroups: [keys.map { .age(AgeKey(recipient: $0)) }]) }
        }
        throw GitFilterError(.notConfigured, "no creation rule in .sops.yaml matches this path", path: path,
                             hint: "add a rule to .sops.yaml (`gitsops init --age RECIPIENT` writes one)")
    }
}
