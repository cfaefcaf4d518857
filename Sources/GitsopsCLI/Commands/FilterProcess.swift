import ArgumentParser
import FilterProtocol
import GitFilter
import Platform

extension Gitsops {
    /// git's long-running filter process.
    struct FilterProcess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "filter-process",
            abstract: "Serve git's long-running filter protocol on stdin and stdout.",
            discussion: """
                git starts this once per command (`filter.gitsops.process`) and sends it every file \
                that .gitattributes routes to the gitsops filter: clean encrypts, smudge decrypts.
                """
        )

        func run() async throws {
            // git may close the pipe early (a killed checkout): fail the write, do not die silently.
            CurrentProcess.ignoreBrokenPipe()
            let context = try GitContext.load()
            let policy = try context.filterPolicy(cleanCache: true)
            try await FilterServer(policy: policy).run()
            policy.cleanCache?.save()
        }
    }
}
