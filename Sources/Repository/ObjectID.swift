internal import CGit2
import TextEncoding

/// A git object name (SHA-1, as libgit2 1.5 supports), printed as 40 hex digits.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    /// The 20 raw bytes.
    public let bytes: [UInt8]

    /// Parses 40 hex digits; `nil` for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 40, let bytes = Hex.decode(hex.utf8) else { return nil }
        self.bytes = bytes
    }

    init(_ oid: git_oid) {
        bytes = withUnsafeBytes(of: oid.id) { Array($0) }
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            for (i, b) in bytes.enumerated() where i < raw.count { raw[i] = b }
        }
        return oid
    }

    public var description: String { Hex.encode(bytes) }
}
