import ArgumentParser
import Diagnostics
import KeySources
import Platform
import Sops

extension Gitsops {
    /// `gitsops encrypt`: a sops-compatible encryption of one file.
    struct Encrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt",
            abstract: "Encrypt a file into a SOPS document (keys and rules from .sops.yaml).",
            discussion: """
                The format comes from the file name (or --filename-override, --input-type). Keys and the \
                encryption rule come from the first matching creation rule of the nearest .sops.yaml; \
                --age/--pgp (or SOPS_AGE_RECIPIENTS/SOPS_PGP_FP) replace the rule's keys.

                Example: gitsops encrypt -i secrets/db.yaml
                """
        )

        @OptionGroup var io: SopsFileOptions

        @Option(help: ArgumentHelp("age recipients (comma-separated or repeated).", valueName: "recipient"))
        var age: [String] = []

        @Option(help: ArgumentHelp("PGP fingerprints (comma-separated or repeated).", valueName: "fingerprint"))
        var pgp: [String] = []

        @Option(help: ArgumentHelp("Encrypt only values under keys matching this regex.", valueName: "regex"))
        var encryptedRegex: String?
        @Option(help: ArgumentHelp("Leave values under keys matching this regex in clear.", valueName: "regex"))
        var unencryptedRegex: String?
        @Option(help: ArgumentHelp("Encrypt only values under keys with this suffix.", valueName: "suffix"))
        var encryptedSuffix: String?
        @Option(help: ArgumentHelp("Leave values under keys with this suffix in clear.", valueName: "suffix"))
        var unencryptedSuffix: String?
        @Option(help: ArgumentHelp("Encrypt only values after comments matching this regex.", valueName: "regex"))
        var encryptedCommentRegex: String?
        @Option(help: ArgumentHelp("Leave values after comments matching this regex in clear.", valueName: "regex"))
        var unencryptedCommentRegex: String?

        @Flag(help: "Authenticate only the encrypted values in the MAC.")
        var macOnlyEncrypted = false

        @Option(name: .customLong("shamir-secret-sharing-threshold"), help: ArgumentHelp("Key groups needed to decrypt.", valueName: "n"))
        var shamirThreshold: Int?

        @Option(help: ArgumentHelp("Use this .sops.yaml instead of searching for one.", valueName: "path"))
        var config: String?

        func validate() throws {
            if io.file == nil || io.file == "-", io.filenameOverride == nil {
                throw ValidationError("must specify --filename-override when reading from stdin")
            }
        }

        func run() async throws {
            var configPath: String?
            do {
                try await encrypt { configPath = $0 }
            } catch {
                throw io.locating(error, configPath: configPath)
            }
        }

        /// Encrypts; `found` learns the `.sops.yaml` used, for messages.
        private func encrypt(found: (String) -> Void) async throws {
            let environment = CurrentProcess.environment()
            let plaintext = try FileIO.read(io.file)
            var env = environment
            if let config { env["SOPS_CONFIG"] = FileIO.absolute(config) }
            let sopsConfig = try SopsConfig.discover(from: io.configSearchDirectory, environment: env)
            if let sopsConfig { found(sopsConfig.path) }
            let rule = try creationRule(config: sopsConfig, environment: environment)
            let engine = SopsEngine(keyServices: KeyServices.standard(environment: environment), environment: environment)
            var request = EncryptionRequest(path: FileIO.absolute(io.namingPath), format: io.inputFormat, rule: rule,
                                            stores: io.stores(sopsConfig))
            request.outputFormat = io.outputFormat
            if let streamed = try await engine.encryptBinary(plaintext, request) {
                try io.emit(streamed)
            } else {
                try io.emit(try await engine.encrypt(plaintext, request))
            }
        }

        /// The matching rule, with command-line keys and settings applied over it (spec §8.3, §4.3).
        private func creationRule(config: SopsConfig?, environment: [String: String]) throws -> CreationRule {
            let ages = (age.isEmpty ? [environment["SOPS_AGE_RECIPIENTS"] ?? ""] : age).flatMap(Self.list)
            let pgps = (pgp.isEmpty ? [environment["SOPS_PGP_FP"] ?? ""] : pgp).flatMap(Self.list)
            let flagKeys: [MasterKey] = pgps.map { .pgp(PGPKey(fingerprint: $0.filter { $0 != " " })) }
                + ages.map { .age(AgeKey(recipient: $0)) }
            var rule: CreationRule
            if let config, !config.creationRules.isEmpty {
                rule = try config.rule(for: FileIO.absolute(io.namingPath))
            } else if !flagKeys.isEmpty {
                rule = CreationRule(keyGroups: [])
            } else {
                throw RuleMissing()
            }
            if !flagKeys.isEmpty { rule.keyGroups = [flagKeys] }
            let flags: [SelectionRule] = [
                encryptedRegex.map(SelectionRule.encryptedRegex), unencryptedRegex.map(SelectionRule.unencryptedRegex),
                encryptedSuffix.map(SelectionRule.encryptedSuffix), unencryptedSuffix.map(SelectionRule.unencryptedSuffix),
                encryptedCommentRegex.map(SelectionRule.encryptedCommentRegex),
                unencryptedCommentRegex.map(SelectionRule.unencryptedCommentRegex),
            ].compactMap { $0 }
            if flags.count > 1 {
                throw ValidationError("cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex in the same file")
            }
            if let flag = flags.first { rule.selection = flag }
            if macOnlyEncrypted { rule.macOnlyEncrypted = true }
            if let shamirThreshold { rule.shamirThreshold = shamirThreshold }
            return rule
        }

        private static func list(_ text: String) -> [String] {
            // Trimmed only, as sops does: an SSH recipient keeps the spaces inside it.
            text.split(separator: ",").map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
                .filter { !$0.isEmpty }
        }

        struct RuleMissing: GitsopsError {
            var description: String { "config file not found, or has no creation rules, and no keys provided through command line options" }
            var hint: String? { "add a .sops.yaml with creation_rules, or pass --age RECIPIENT" }
        }
    }
}
