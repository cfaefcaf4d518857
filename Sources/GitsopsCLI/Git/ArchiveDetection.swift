import Platform

/// Whether git started this filter to write an archive (`git archive`, or the server side of
/// `git archive --remote`). git smudges archived files like a checkout, but an archive leaves the
/// machine: it gets what the repository holds, the ciphertext, unless the user asks otherwise with
/// `GITSOPS_ARCHIVE=decrypted`. git tells a filter nothing about the command, so the git process
/// that runs it (the parent, or the grandparent through `sh -c` for the one-shot filter) is asked.
enum ArchiveDetection {
    /// The environment value that makes an archive hold decrypted secrets.
    static let decryptedValue = "decrypted"

    /// Whether this filter serves an archive that should stay encrypted.
    static func keepsEncrypted(environment: [String: String]) -> Bool {
        environment["GITSOPS_ARCHIVE"] != decryptedValue && gitSubcommandOfAncestors().map(isArchive) == true
    }

    static func isArchive(_ subcommand: String) -> Bool {
        ["archive", "upload-archive", "upload-archive--writer"].contains(subcommand)
    }

    /// The subcommand of the nearest git among the parent and grandparent, if any.
    static func gitSubcommandOfAncestors() -> String? {
        var pid = CurrentProcess.parentID
        for _ in 0..<2 {
            guard pid > 1, let arguments = ProcessTable.commandLine(of: pid) else { return nil }
            if let subcommand = gitSubcommand(arguments) { return subcommand }
            guard let parent = ProcessTable.parent(of: pid) else { return nil }
            pid = parent
        }
        return nil
    }

    /// `git [global options] SUBCOMMAND …` or `git-SUBCOMMAND …`: the subcommand; nil for other programs.
    static func gitSubcommand(_ arguments: [String]) -> String? {
        guard let program = arguments.first?.split(separator: "/").last else { return nil }
        if program.hasPrefix("git-") { return String(program.dropFirst(4)) }
        guard program == "git" else { return nil }
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env"].contains(argument) {
                index += 2
            } else if argument.hasPrefix("-") {
                index += 1
            } else {
                return argument
            }
        }
        return nil
    }
}
