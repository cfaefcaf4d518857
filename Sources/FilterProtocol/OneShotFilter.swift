import Diagnostics
public import SystemPackage

/// The single-file fallback (`filter.gitsops.clean`/`smudge`): content on one descriptor, the
/// result on another. git starts one process per file in this mode.
public enum OneShotFilter {
    /// Which way the file goes.
    public enum Direction: Sendable {
        /// Working tree to stored bytes.
        case clean
        /// Stored bytes to working tree.
        case smudge
    }

    /// Filters all of `input` to `output`. Errors name `path`; nothing is written on failure.
    public static func run(_ direction: Direction, path: String, policy: any FilterPolicy,
                           input: FileDescriptor = .standardInput, output: FileDescriptor = .standardOutput,
                           diagnostics: FileDescriptor = .standardError) async throws {
        let content = try DescriptorIO.readAll(input)
        let result: [UInt8]
        do {
            switch direction {
            case .clean:
                result = try await policy.clean(content, path: path)
            case .smudge:
                let smudged = try await policy.smudge(content, path: path)
                if let summary = SmudgeWarnings.summary(smudged.warning.map { [(path, $0)] } ?? []) {
                    DescriptorIO.writeLine(diagnostics, summary)
                }
                result = smudged.content
            }
        } catch let abort as FilterAbort {
            throw FileError(abort.underlying, path: path)
        } catch {
            throw FileError(error, path: path)
        }
        try DescriptorIO.write(output, result)
    }
}
