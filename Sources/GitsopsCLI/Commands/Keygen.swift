import Age
import ArgumentParser
import FoundationEssentials
import KeySources
import Platform
import SystemPackage

extension Gitsops {
    /// `gitsops keygen`: a new age identity in sops' keys.txt (or another file), never overwriting.
    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Generate an age identity for SOPS (written with mode 0600; never overwrites).",
            discussion: """
                Without -o the identity goes to sops' default location, $XDG_CONFIG_HOME/sops/age/keys.txt \
                (~/.config/sops/age/keys.txt). The public key is printed to stderr; put it in .sops.yaml.

                Example: gitsops keygen -o ~/.config/sops/age/keys.txt
                """
        )

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the identity here.", valueName: "file"))
        var output: String?

        func run() async throws {
            let environment = CurrentProcess.environment()
            guard let path = output ?? Self.defaultKeyFile(environment) else {
                throw ValidationError("cannot find the home directory; pass -o FILE")
            }
            let identity = try X25519Identity.generate()
            try identity.keyFileContents().withUnsafeBytes { try FileIO.createNew(path, with: $0, permissions: [.ownerReadWrite]) }
            Terminal.printError("Public key: \(identity.recipient)")
            if output == nil { Terminal.printError("Identity written to \(path)") }
        }

        /// sops' keys.txt location (Go's `os.UserConfigDir` + `sops/age/keys.txt`).
        static func defaultKeyFile(_ environment: [String: String]) -> String? {
            if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/sops/age/keys.txt" }
            guard let home = environment["HOME"], !home.isEmpty else { return nil }
            #if os(macOS)
            return home + "/Library/Application Support/sops/age/keys.txt"
            #else
            return home + "/.config/sops/age/keys.txt"
            #endif
        }
    }
}
