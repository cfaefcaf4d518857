import Platform

/// Whether a textconv's output is headed for `.git/COMMIT_EDITMSG`: `git commit -v` (or
/// `commit.verbose`) writes the textconv'd diff into that file on disk and leaves it there.
/// git holds the file open while it runs the textconv, so an ancestor process (git, or the shell
/// git ran the textconv through) has a descriptor on it. Linux only (`/proc`); false elsewhere.
enum CommitMessageWriter {
    /// How many ancestors to look at: git may run the textconv through `sh -c`.
    static let depth = 3

    static func isAncestorWriting() -> Bool {
        var pid = CurrentProcess.parentID
        for _ in 0..<depth where pid > 1 {
            if holdsCommitMessage(pid) { return true }
            guard let parent = ProcessTable.parent(of: pid) else { return false }
            pid = parent
        }
        return false
    }

    private static func holdsCommitMessage(_ pid: Int32) -> Bool {
        ProcessTable.openFiles(of: pid).contains { $0.hasSuffix("/COMMIT_EDITMSG") }
    }
}
