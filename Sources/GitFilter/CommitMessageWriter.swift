import Glibc

/// Whether a textconv's output is headed for `.git/COMMIT_EDITMSG`: `git commit -v` (or
/// `commit.verbose`) writes the textconv'd diff into that file on disk and leaves it there.
/// git holds the file open while it runs the textconv, so an ancestor process (git, or the shell
/// git ran the textconv through) has a descriptor on it. Linux only (`/proc`); false elsewhere.
enum CommitMessageWriter {
    /// How many ancestors to look at: git may run the textconv through `sh -c`.
    static let depth = 3

    static func isAncestorWriting() -> Bool {
        var pid = getppid()
        for _ in 0..<depth where pid > 1 {
            if holdsCommitMessage(pid) { return true }
            guard let parent = parent(of: pid) else { return false }
            pid = parent
        }
        return false
    }

    private static func holdsCommitMessage(_ pid: pid_t) -> Bool {
        let directory = "/proc/\(pid)/fd"
        guard let handle = opendir(directory) else { return false }
        defer { closedir(handle) }
        var target = [CChar](repeating: 0, count: 4096)
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.first?.isNumber == true else { continue }
            let length = readlink(directory + "/" + name, &target, target.count - 1)
            guard length > 0 else { continue }
            let path = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if path.hasSuffix("/COMMIT_EDITMSG") { return true }
        }
        return false
    }

    /// The parent of `pid` (field 4 of `/proc/PID/stat`, after the parenthesised command name).
    private static func parent(of pid: pid_t) -> pid_t? {
        guard let file = fopen("/proc/\(pid)/stat", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 1024)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }
}
