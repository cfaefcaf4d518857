import ArgumentParser
import GitFilter
import KeySources
import Sops
import SystemPackage

extension Gitsops {
    /// `diff.gitsops.textconv`: readable diffs of encrypted files.
    struct Textconv: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a file decrypted, for git diff, git log -p and git show.",
            discussion: """
                git runs `gitsops textconv FILE` on both sides of a diff. A file that is not \
                encrypted, or that no key here opens, is printed as it is.
                """
        )

        @Argument(help: "The file git wants to show (its name gives the format).")
        var file: String

        func run() async throws {
            let environment = ProcessEnvironment.current()
            let fd = try FileDescriptor.open(FilePath(file), .readOnly)
            var content: [UInt8] = []
            try fd.closeAfter {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) }
                    if n == 0 { break }
                    content += chunk[0..<n]
                }
            }
            let policy = SopsFilterPolicy(engine: SopsEngine(keyServices: .local(environment: environment), environment: environment),
                                          repository: nil, rules: NoRules())
            let smudged = try await policy.smudge(content, path: file)
            if let warning = smudged.warning { Terminal.printError("gitsops: warning: \(warning)") }
            Terminal.writeOut(smudged.content)
        }
    }
}

/// Decrypting never needs a creation rule.
private struct NoRules: CreationRuleSource {
    func rule(for path: String) throws -> CreationRule {
        throw GitFilterError(.notConfigured, "textconv does not encrypt", path: path)
    }
}
