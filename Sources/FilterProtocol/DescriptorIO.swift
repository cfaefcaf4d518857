import Platform
import SystemPackage

/// Whole-buffer reads and writes on descriptors, with errors as `FilterProtocolError`.
package enum DescriptorIO {
    /// Reads up to `buffer.count` bytes; 0 at end of input.
    static func read(_ fd: FileDescriptor, into buffer: inout [UInt8]) throws(FilterProtocolError) -> Int {
        do {
            return try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
        } catch {
            throw FilterProtocolError(.io, "reading from git failed: \(error)")
        }
    }

    /// Reads until end of input.
    package static func readAll(_ fd: FileDescriptor) throws(FilterProtocolError) -> [UInt8] {
        do {
            return try fd.readToEnd()
        } catch {
            throw FilterProtocolError(.io, "reading from git failed: \(error)")
        }
    }

    package static func write(_ fd: FileDescriptor, _ bytes: [UInt8]) throws(FilterProtocolError) {
        do {
            _ = try fd.writeAll(bytes)
        } catch {
            throw FilterProtocolError(.io, "writing to git failed: \(error)")
        }
    }

    /// Writes one diagnostic line (best effort: a closed stderr must not fail the filter).
    package static func writeLine(_ fd: FileDescriptor, _ line: String) {
        _ = try? fd.writeAll(Array((line + "\n").utf8))
    }
}
