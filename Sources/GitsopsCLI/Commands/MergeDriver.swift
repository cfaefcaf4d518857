import ArgumentParser
import GitFilter

extension Gitsops {
    /// `merge.gitsops.driver`: three-way merge of encrypted files.
    struct MergeDriver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "Merge three versions of an encrypted file, as git's merge driver.",
            discussion: """
                git runs `gitsops merge-driver --marker-size %L --base-label=%S --ours-label=%X \
                --theirs-label=%Y %O %A %B %P`. The result in %A is always encrypted; on conflicts the \
                working tree shows conflict markers named as git names them (HEAD, the merged \
                branch), exit 1.
                """
        )

        @Option(help: "Length of conflict markers (git's %L).")
        var markerSize = 7

        @Option(help: ArgumentHelp("Conflict label of the common ancestor (git's %S).", valueName: "label"))
        var baseLabel: String?
        @Option(help: ArgumentHelp("Conflict label of our side (git's %X; default HEAD).", valueName: "label"))
        var oursLabel: String?
        @Option(help: ArgumentHelp("Conflict label of their side (git's %Y; default: the branch git merge names).", valueName: "label"))
        var theirsLabel: String?

        @Argument(help: "The common ancestor's file (%O).") var base: String
        @Argument(help: "Our version, replaced by the result (%A).") var ours: String
        @Argument(help: "Their version (%B).") var theirs: String
        @Argument(help: "The path being merged (%P).") var path: String

        func run() async throws {
            let context = try GitContext.load()
            let driver = GitFilter.MergeDriver(engine: context.engine, rules: context.rules, environment: context.environment,
                                               conflictStyle: try context.repository.configValue("merge.conflictStyle"))
            let labels = ConflictLabels.resolve(base: baseLabel, ours: oursLabel, theirs: theirsLabel, environment: context.environment)
            switch try await driver.merge(base: base, ours: ours, theirs: theirs, path: path, markerSize: markerSize, labels: labels) {
            case .merged:
                return
            case .conflicted(let count):
                Terminal.printError("gitsops: \(path): \(count) conflict\(count == 1 ? "" : "s"); resolve in the working tree, then git add")
                throw ExitCode(1)
            }
        }
    }
}
