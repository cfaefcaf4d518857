import ArgumentParser
import FoundationEssentials
import GitFilter
import KeySources
import Sops

extension Gitsops.Cluster {
    /// `gitsops cluster add`: the `.sops.yaml` rule for a cluster's directory.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add the .sops.yaml creation rule for a cluster's secrets directory.",
            discussion: """
                Adds a rule for secrets/NAME/ (or --dir) with the cluster's keys, `data` and \
                `stringData` encrypted (what Flux decrypts), and creates the directory. Every other \
                byte of .sops.yaml stays as it was; the rule goes before any rule that could match \
                a file of the directory first (sops takes the first match). Running it again with \
                the same keys changes nothing. Nothing is checked over the network.

                Example:
                  gitsops cluster add us-west-2-platform-sbx \\
                    --kms arn:aws:kms:us-west-2:111122223333:key/KEY-ID \\
                    --role arn:aws:iam::111122223333:role/flux-secrets
                """
        )

        @OptionGroup var cluster: ClusterDirectory

        @Option(name: .customLong("kms"), help: ArgumentHelp("An AWS KMS key ARN (repeatable).", valueName: "arn"))
        var kms: [String] = []

        @Option(help: ArgumentHelp("The IAM role assumed for the KMS keys (the role Flux uses).", valueName: "arn"))
        var role: String?

        @Option(name: .customLong("context"), help: ArgumentHelp("A KMS encryption context entry (repeatable).", valueName: "key=value"))
        var context: [String] = []

        @Option(name: .customLong("aws-profile"), help: ArgumentHelp("The AWS profile for the KMS keys.", valueName: "name"))
        var awsProfile: String?

        @Option(name: .customLong("gcp-kms"), help: ArgumentHelp("A GCP KMS key resource ID (repeatable).", valueName: "resource-id"))
        var gcpKMS: [String] = []

        @Option(name: .customLong("azure-kv"), help: ArgumentHelp("An Azure Key Vault key URL (repeatable).", valueName: "url"))
        var azureKV: [String] = []

        @Option(help: ArgumentHelp("An age recipient (repeatable).", valueName: "recipient"))
        var age: [String] = []

        @Option(help: ArgumentHelp("A PGP fingerprint (repeatable).", valueName: "fingerprint"))
        var pgp: [String] = []

        func validate() throws {
            if kms.isEmpty && gcpKMS.isEmpty && azureKV.isEmpty && age.isEmpty && pgp.isEmpty {
                throw ValidationError("name the cluster's key: --kms ARN (with --role ARN), --gcp-kms, --azure-kv, --age or --pgp")
            }
            if kms.isEmpty && (role != nil || !context.isEmpty || awsProfile != nil) {
                throw ValidationError("--role, --context and --aws-profile apply to KMS keys: add --kms ARN")
            }
            for arn in kms where !AWSKMSKey.isWellFormedARN(arn) {
                throw ValidationError("--kms \(arn) is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or alias/NAME)")
            }
            if let role, !Self.isRoleARN(role) {
                throw ValidationError("--role \(role) is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
            }
            for entry in context where !(entry.firstIndex(of: "=").map { $0 != entry.startIndex } ?? false) {
                throw ValidationError("--context \(entry): write it as KEY=VALUE")
            }
            for value in kms + gcpKMS + azureKV + age + pgp + context + [role, awsProfile].compactMap({ $0 })
            where value.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) {
                throw ValidationError("key options cannot hold line breaks or control characters")
            }
        }

        func run() async throws {
            let context = try GitContext.load()
            let root = try context.repository.requireWorkingDirectory(for: "gitsops cluster add")
            let configPath = context.environment["SOPS_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
                .map { $0.hasPrefix("/") ? $0 : context.directory + "/" + $0 } ?? root + "/.sops.yaml"
            let configDirectory = String(configPath[..<(configPath.lastIndex(of: "/") ?? configPath.startIndex)])
            let directory = cluster.path
            let absolute = root + "/" + directory
            guard absolute.hasPrefix(configDirectory + "/") else {
                throw GitFilterError(.refused, "is outside the directory of \(configPath), whose rules cannot name it", path: directory)
            }
            let relative = String(absolute.dropFirst(configDirectory.count + 1))
            let rule = CreationRule(pathRegex: SopsConfig.pathRegex(forDirectory: relative), keyGroups: [try keys()],
                                    selection: .encryptedRegex("^(data|stringData)$"))
            let existing = FileManager.default.fileExists(atPath: configPath) ? try FileIO.read(configPath) : nil
            let display = configPath == root + "/.sops.yaml" ? ".sops.yaml" : configPath
            switch try SopsConfig.adding(rule, forDirectory: relative, to: existing, path: display) {
            case .unchanged(let index):
                Terminal.printOut("gitsops: \(display) already has this rule for \(directory)/ (rule \(index + 1)): nothing changed")
            case .added(let bytes, let index):
                try FileIO.replace(configPath, with: bytes)
                Terminal.printOut("gitsops: added rule \(index + 1) to \(display): files in \(directory)/ are encrypted for "
                                  + rule.keyGroups[0].map(InventoryReport.describe).joined(separator: ", "))
            }
            if !FileManager.default.fileExists(atPath: absolute) {
                do {
                    try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
                } catch {
                    throw GitFilterError(.io, "cannot create the directory", path: directory)
                }
                Terminal.printOut("gitsops: created \(directory)/")
            }
            let probe = directory + "/secret.yaml"
            if try context.repository.attribute("filter", for: probe, from: .workingTree) != .value(GitsopsConfig.driver) {
                Terminal.printError("gitsops: warning: \(directory)/ is not routed through the gitsops filter: git would store its files in clear")
                Terminal.printError("gitsops: hint: run `gitsops init --pattern '\(directory)/**'`")
            }
        }

        /// The one key group the options name.
        private func keys() throws -> [MasterKey] {
            var entries: [String: String] = [:]
            for entry in context {
                let equals = entry.firstIndex(of: "=")!
                entries[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
            var keys: [MasterKey] = kms.map { .awsKMS(AWSKMSKey(arn: $0, role: role ?? "", context: entries, awsProfile: awsProfile ?? "")) }
            keys += gcpKMS.map { .gcpKMS(GCPKMSKey(resourceID: $0)) }
            for url in azureKV { keys.append(.azureKeyVault(try SopsConfig.keyVaultKey(url: url))) }
            keys += age.map { .age(AgeKey(recipient: $0)) }
            keys += pgp.map { .pgp(PGPKey(fingerprint: $0.filter { $0 != " " })) }
            return keys
        }

        static func isRoleARN(_ text: String) -> Bool {
            let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            return parts.count == 6 && parts[0] == "arn" && parts[1].hasPrefix("aws") && parts[2] == "iam" && parts[3].isEmpty
                && !parts[4].isEmpty && parts[4].allSatisfy(\.isNumber) && parts[5].hasPrefix("role/") && parts[5].count > 5
        }
    }
}
