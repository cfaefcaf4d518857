import SystemPackage

/// Writes to the standard streams without Foundation (best effort: a closed stream is not an error).
enum Terminal {
    static func printError(_ line: String) {
        write(line.hasSuffix("\n") ? line : line + "\n", to: .standardError)
    }

    static func printOut(_ line: String) {
        write(line.hasSuffix("\n") ? line : line + "\n", to: .standardOutput)
    }

    /// Writes text to stderr as it is (no newline added): progress output.
    static func writeError(_ text: String) {
        write(text, to: .standardError)
    }

    /// Writes raw bytes to stdout, retrying on short writes.
    static func writeOut(_ bytes: [UInt8]) {
        _ = try? FileDescriptor.standardOutput.writeAll(bytes)
    }

    /// Writes one piece of a streamed output to stdout.
    static func writeOut(_ bytes: UnsafeRawBufferPointer) { _ = try? FileDescriptor.standardOutput.writeAll(bytes) }

    private static func write(_ text: String, to fd: FileDescriptor) {
        _ = try? fd.writeAll(text.utf8)
    }
}
