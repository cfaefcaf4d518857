import ArgumentParser
import Diagnostics
import FoundationEssentials
import KeySources
import Platform

extension Gitsops {
    /// Walks through gitsops end to end in a temporary directory.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Show the end-to-end story of gitsops in a temporary directory, step by step.",
            discussion: """
                Creates a throwaway age key and git repositories under a temporary directory, runs the \
                commands a user would run (printed with `$`), checks what they promise, and removes \
                everything afterwards. Needs git; uses no cloud service and none of your keys.
                """
        )

        @Flag(help: "Keep the temporary directory and print its path.")
        var keep = false

        func run() async throws {
            let sandbox = try DemoSandbox.create()
            defer { if !keep { sandbox.remove() } }
            Terminal.printOut("gitsops \(GitsopsVersion.current) demo, in \(sandbox.root)")
            do {
                var story = DemoStory(shell: sandbox.shell)
                try await story.tell()
            } catch let failure as DemoShell.Failure {
                throw DemoError(message: failure.description)
            }
            Terminal.printOut("\nDone. \(keep ? "The demo files are in \(sandbox.root)." : "The demo files were removed.")")
        }
    }
}

/// The demo's own error (the failing step's command or check).
struct DemoError: GitsopsError {
    let message: String
    var description: String { message }
    var hint: String? { "run `gitsops demo --keep` to look at the demo's files" }
}

/// The temporary directory tree the demo runs in, with an environment that touches nothing of the
/// user's: its own HOME, git config, age key file, and `gitsops`/`kubectl-secrets` first on PATH.
struct DemoSandbox {
    let root: String
    let shell: DemoShell

    static func create() throws -> DemoSandbox {
        let base = CurrentProcess.environment()["TMPDIR"] ?? "/tmp"
        guard let root = Files.createTemporaryDirectory(in: base, prefix: "gitsops-demo-") else {
            throw DemoError(message: "cannot create a temporary directory in \(base)")
        }
        var environment = CurrentProcess.environment()
        for key in environment.keys where key.hasPrefix("SOPS_") || key.hasPrefix("GIT_") || key.hasPrefix("AWS_") {
            environment[key] = nil
        }
        environment["HOME"] = root + "/home"
        environment["XDG_CONFIG_HOME"] = root + "/home/.config"
        environment["GIT_CONFIG_GLOBAL"] = root + "/home/.gitconfig"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["SOPS_AGE_KEY_FILE"] = root + "/home/keys.txt"
        environment["PATH"] = root + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        var shell = DemoShell(environment: environment, directory: root)
        try shell.makeDirectories(root + "/bin")
        try shell.makeDirectories(root + "/home")
        let executable = Files.realPath("/proc/self/exe") ?? CommandLine.arguments[0]
        try? Files.createSymbolicLink(root + "/bin/gitsops", to: executable)
        try? Files.createSymbolicLink(root + "/bin/kubectl-secrets", to: executable)
        try shell.write("home/.gitconfig", """
            [user]
            \tname = gitsops demo
            \temail = demo@example.invalid
            [init]
            \tdefaultBranch = main
            [advice]
            \tdetachedHead = false

            """)
        shell.directory = root
        return DemoSandbox(root: root, shell: shell)
    }

    /// Removes the whole tree (it holds the demo's throwaway key and secrets).
    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}
