import Foundation
import TestSupport
import Testing

/// The committed completion scripts are what the argument parser generates now
/// (regenerate with `completions/generate.sh`).
@Suite struct CompletionScriptsTests {
    static let directory: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("completions/generate.sh").path) {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("completions")
    }()

    @Test(arguments: [("bash", "gitsops.bash"), ("zsh", "_gitsops"), ("fish", "gitsops.fish")])
    func committedScriptIsCurrent(shell: String, file: String) throws {
        let generated = try GitsopsBinary.run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let committed = try Data(contentsOf: Self.directory.appendingPathComponent(file))
        #expect(generated.stdout == committed, "completions/\(file) is stale: run completions/generate.sh")
    }
}
