/// The layout of a plaintext file with its leaf values cut out (docs/layout.md): literal text and
/// one slot per leaf. Stored encrypted in `gitsops_layout` so decryption gives back the exact bytes.
struct LayoutTemplate: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case leaf(LeafSlot)
    }

    /// Where a tree leaf goes and how it was spelled.
    struct LeafSlot: Sendable, Equatable {
        /// Index of the leaf in tree order (all documents).
        var ordinal: Int
        /// `str`, `int`, …, or `null`.
        var type: String
        /// FNV-1a of the leaf's path string, to notice a tree that no longer fits.
        var pathCheck: UInt32
        var spelling: Spelling
    }

    enum Spelling: Sendable, Equatable {
        /// Rendered from the value with a style (a short token the format's renderer knows).
        case derived(String)
        /// The original text; `valueCheck` is FNV-1a of the value's plaintext bytes.
        case raw([UInt8], valueCheck: UInt32)
    }

    static let magic = "gitsops-layout/1"

    var format: SopsFormat
    var leafCount: Int
    var segments: [Segment]
}

/// A leaf's position in the source, found while parsing plaintext.
struct LeafSpan {
    var range: Range<Int>
    var ordinal: Int
    var path: [String]
    var value: SopsValue
    /// Styles to try, in order; the first whose rendering equals the source text is used.
    var styles: [String]
}

enum FNV {
    static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var h: UInt32 = 0x811C_9DC5
        for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }
}
