internal import COpenSSL

/// SHA-1, for names only: the AWS CLI names its SSO token cache files after the SHA-1 of the
/// start URL or session name, and readers must find them. Never for integrity or signatures.
public enum SHA1 {
    public static func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = DigestHasher(Algorithms.sha1)
        hasher.update(data)
        return hasher.finalize()
    }
}

/// SHA-256, one-shot or incremental.
public enum SHA256 {
    public static let byteCount = 32
    public static func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = DigestHasher(Algorithms.sha256)
        hasher.update(data)
        return hasher.finalize()
    }

    /// A fresh incremental SHA-256.
    public static func hasher() -> DigestHasher { DigestHasher(Algorithms.sha256) }
}

/// SHA-512, one-shot or incremental (the sops MAC hashes values as it walks the tree).
public enum SHA512 {
    public static let byteCount = 64
    public static func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = DigestHasher(Algorithms.sha512)
        hasher.update(data)
        return hasher.finalize()
    }

    /// A fresh incremental SHA-512.
    public static func hasher() -> DigestHasher { DigestHasher(Algorithms.sha512) }
}

/// An incremental message digest over an `EVP_MD_CTX`.
public struct DigestHasher {
    private final class Context {
        let ctx: OpaquePointer
        init(_ md: OpaquePointer?) {
            ctx = EVP_MD_CTX_new()!
            precondition(EVP_DigestInit_ex(ctx, md, nil) == 1, "digest init failed")
        }
        deinit { EVP_MD_CTX_free(ctx) }
    }
    private let context: Context

    init(_ md: OpaquePointer?) { context = Context(md) }

    public mutating func update<Bytes: Collection>(_ data: Bytes) where Bytes.Element == UInt8 {
        let done: Int32? = data.withContiguousStorageIfAvailable { buffer in
            EVP_DigestUpdate(context.ctx, buffer.baseAddress, buffer.count)
        }
        if done == nil {
            let copy = Array(data)
            _ = EVP_DigestUpdate(context.ctx, copy, copy.count)
        }
    }

    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context.ctx, &out, &length) == 1, "digest final failed")
        return Array(out.prefix(Int(length)))
    }
}
