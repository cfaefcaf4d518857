import ArgumentParser
import KeySources
import Platform
import Sops

extension Gitsops {
    /// `gitsops decrypt`: the plaintext of a SOPS document, byte-exact when gitsops wrote it.
    struct Decrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decrypt",
            abstract: "Decrypt a SOPS document to stdout (or in place).",
            discussion: """
                Files gitsops encrypted come back exactly as they were written; files from sops come back \
                in sops' canonical layout. The MAC is verified unless --ignore-mac is given.

                Example: gitsops decrypt secrets/db.yaml --extract '["data"]["password"]'
                """
        )

        @OptionGroup var io: SopsFileOptions

        @Option(help: ArgumentHelp(#"Print only this part of the tree, e.g. '["data"]["password"]'."#, valueName: "path"))
        var extract: String?

        @Flag(help: "Do not verify the MAC (decrypt a file whose values were changed or whose MAC is missing).")
        var ignoreMAC = false

        func run() async throws {
            do {
                try await decrypt()
            } catch {
                throw io.locating(error, configPath: nil)
            }
        }

        private func decrypt() async throws {
            let environment = CurrentProcess.environment()
            let document = try FileIO.read(io.file)
            let config = try? SopsConfig.discover(from: io.configSearchDirectory, environment: environment)
            let engine = SopsEngine(keyServices: KeyServices.standard(environment: environment), environment: environment)
            var options = DecryptionOptions(verifyMAC: !ignoreMAC, stores: io.stores(config ?? nil))
            if io.outputFormat != io.inputFormat { options.outputFormat = io.outputFormat }
            options.extract = try extract.map { try SopsTreePath(parsing: $0) }
            // A binary file streams: verified first, then decrypted again piece by piece.
            if io.inputFormat == .binary, let streamed = try await engine.decryptBinary(document, options: options) {
                return try io.emit(streamed)
            }
            let result = try await engine.decrypt(document, format: io.inputFormat, options: options)
            let path = io.namingPath.isEmpty ? nil : FileIO.displayed(io.namingPath)
            for warning in result.warnings { Terminal.printError("gitsops: warning: \(path.map { $0 + ": " } ?? "")\(warning)") }
            try io.emit(result.plaintext)
        }
    }
}
