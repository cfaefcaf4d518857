import GitFilter
import Platform

/// The command git runs for gitsops, written into git config by `gitsops init`.
///
/// `gitsops` when the running binary is the one PATH finds (survives upgrades that move the
/// binary, as git-lfs does); otherwise the absolute path of the running executable, so a binary
/// run from a build directory or an unusual prefix still works from git.
enum GitsopsProgram {
    static func invocation(environment: [String: String]) -> String {
        guard let executable = Files.realPath("/proc/self/exe") else { return "gitsops" }
        let directories = (environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: true)
        for directory in directories {
            guard let found = Files.realPath("\(directory)/gitsops"), Files.isExecutable(found) else { continue }
            // The first gitsops on PATH is what git would run: use the bare name only if it is us.
            return found == executable ? "gitsops" : GitsopsConfig.shellWord(executable)
        }
        return GitsopsConfig.shellWord(executable)
    }
}
