import ArgumentParser
import GitFilter

/// `gitsops check --history`: the history scan and its report (one line per finding, then a summary).
enum HistoryCheck {
    static func run(revisions: [String]) throws {
        let context = try GitContext.load()
        let result = try HistoryScan(repository: context.repository).run(revisions)
        for finding in result.findings {
            let commit = String(finding.commit.id.description.prefix(12))
            Terminal.printError("gitsops: \(commit) \(finding.path): \(finding.problem) (commit: \(finding.commit.subject))")
        }
        let scanned = "\(result.commits) commit\(result.commits == 1 ? "" : "s") scanned"
        if !result.findings.isEmpty {
            Terminal.printError("gitsops: \(scanned): \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s")")
            Terminal.printError("gitsops: hint: a secret in a pushed commit is exposed: rotate its values; restore the filter and `git add` the files again to fix the tip")
            throw ExitCode(1)
        }
        Terminal.printOut("gitsops: \(scanned), no secret ever stored unencrypted")
    }
}
