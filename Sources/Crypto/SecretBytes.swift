internal import COpenSSL

/// Key material or other secret bytes: zeroed when the last copy goes away, compared in constant
/// time, and never printed (`description` is `<redacted>`).
public struct SecretBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let storage: Storage

    /// Takes a copy of `bytes`; the caller should clear its own copy if it can.
    public init<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        storage = Storage(Array(bytes))
    }

    /// `count` zero bytes, to be filled through `withUnsafeMutableBytes`.
    public init(zeroes count: Int) {
        storage = Storage([UInt8](repeating: 0, count: count))
    }

    public var count: Int { storage.bytes.count }
    public var isEmpty: Bool { storage.bytes.isEmpty }

    /// Reads the bytes; the pointer must not escape the closure.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.bytes.withUnsafeBytes(body)
    }

    /// Writes the bytes in place (used by constructors that fill a fresh buffer).
    public func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try storage.bytes.withUnsafeMutableBytes(body)
    }

    /// A copy of the bytes as an ordinary array, for APIs that need one (the caller owns clearing it).
    public func unsafeArray() -> [UInt8] { storage.bytes }

    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { a in
            rhs.withUnsafeBytes { b in
                a.isEmpty || CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0
            }
        }
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "SecretBytes(<redacted \(count) bytes>)" }

    private final class Storage: @unchecked Sendable {
        var bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        deinit { Memory.zero(&bytes) }
    }
}

/// Helpers for clearing memory that held secrets.
public enum Memory {
    /// Overwrites the array's bytes with zeroes in a way the optimiser cannot drop.
    public static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
        }
    }
}
