import Synchronization

/// Collects what a command's smudges had to say and says it in one line at the end, naming the
/// files by reason: a clone of 500 secrets without a key warns once, not 500 times, and a damaged
/// file is named instead of hidden among them.
package final class SmudgeWarnings: Sendable {
    private let recorded = Mutex<[(path: String, warning: SmudgeWarning)]>([])

    /// Files named per reason before the rest are only counted.
    package static let namedFiles = 5

    func record(_ warning: SmudgeWarning?, path: String) {
        guard let warning else { return }
        recorded.withLock { entries in
            if !entries.contains(where: { $0.path == path }) { entries.append((path, warning)) }
        }
    }

    /// The line for everything recorded so far; nil when there is nothing to say.
    var summary: String? { Self.summary(recorded.withLock { $0 }) }

    /// `gitsops: warning: left encrypted, as stored: a.yaml, b.yaml (no usable key here); c.yaml
    /// (…); run `gitsops doctor``, then any decrypted files with a caveat.
    package static func summary(_ entries: [(path: String, warning: SmudgeWarning)]) -> String? {
        guard !entries.isEmpty else { return nil }
        var parts: [String] = []
        let kept = entries.filter { $0.warning.keptAsStored }
        if !kept.isEmpty { parts.append("left encrypted, as stored: " + grouped(kept.map { ($0.path, $0.warning.reason) }) + "; run `gitsops doctor` for details") }
        let noted = entries.filter { !$0.warning.keptAsStored }
        if !noted.isEmpty { parts.append(grouped(noted.map { ($0.path, $0.warning.reason) })) }
        return "gitsops: warning: " + parts.joined(separator: "; ")
    }

    /// "a, b (reason one); c (reason two)", reasons in the order they first came up.
    package static func grouped(_ entries: [(path: String, reason: String)], naming limit: Int = namedFiles) -> String {
        var reasons: [String] = []
        var paths: [String: [String]] = [:]
        for (path, reason) in entries {
            if paths[reason] == nil { reasons.append(reason) }
            paths[reason, default: []].append(path)
        }
        return reasons.map { reason in
            let files = paths[reason]!.sorted()
            let more = files.count > limit ? " and \(files.count - limit) more" : ""
            return files.prefix(limit).joined(separator: ", ") + more + " (\(reason))"
        }.joined(separator: "; ")
    }
}
