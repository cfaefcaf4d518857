public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

extension FileDescriptor {
    /// Everything until end of input (a file or a pipe).
    public func readToEnd() throws -> [UInt8] {
        try readToEnd(limit: .max)!
    }

    /// Everything until end of input; nil as soon as more than `limit` bytes have arrived.
    public func readToEnd(limit: Int) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        // The chunk may hold key material (identity files, tokens): zeroed, not just freed.
        defer { chunk.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { return nil }
        }
    }

    /// Whether the descriptor is a terminal.
    public var isTerminal: Bool { isatty(rawValue) == 1 }
}
