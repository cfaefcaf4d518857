internal import COpenSSL

/// Owns one OpenSSL `BIGNUM`; secret numbers are cleared when freed.
final class BigNumber {
    let pointer: OpaquePointer

    /// A number from big-endian bytes.
    init(bigEndian bytes: [UInt8]) throws {
        guard let bn = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw CryptoError.openSSL("BN_bin2bn") }
        pointer = bn
    }

    /// A secret number from big-endian bytes, read without a copy.
    static func secret(_ bytes: SecretBytes) throws -> BigNumber {
        let number = try secret()
        let bn = bytes.withUnsafeBytes { BN_bin2bn($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32($0.count), number.pointer) }
        guard bn != nil else { throw CryptoError.openSSL("BN_bin2bn") }
        return number
    }

    /// A zero that will hold a secret (OpenSSL keeps it in secure memory where it can).
    static func secret() throws -> BigNumber {
        guard let bn = BN_secure_new() else { throw CryptoError.openSSL("BN_secure_new") }
        return BigNumber(takingOwnershipOf: bn)
    }

    /// A number from little-endian bytes.
    init(littleEndian bytes: [UInt8]) throws {
        guard let bn = BN_lebin2bn(bytes, Int32(bytes.count), nil) else { throw CryptoError.openSSL("BN_lebin2bn") }
        pointer = bn
    }

    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }

    init() throws {
        guard let bn = BN_new() else { throw CryptoError.openSSL("BN_new") }
        pointer = bn
    }

    deinit { BN_clear_free(pointer) }

    var isZero: Bool { BN_is_zero(pointer) == 1 }
    var bitCount: Int { Int(BN_num_bits(pointer)) }

    /// The number as `count` little-endian bytes.
    func littleEndian(count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard BN_bn2lebinpad(pointer, &out, Int32(count)) == Int32(count) else { throw CryptoError.openSSL("BN_bn2lebinpad") }
        return out
    }

    /// The number as minimal big-endian bytes.
    var bigEndian: [UInt8] {
        var out = [UInt8](repeating: 0, count: (bitCount + 7) / 8)
        _ = BN_bn2bin(pointer, &out)
        return out
    }
}

/// Owns one `BN_CTX` for a sequence of modular operations.
final class BigNumberContext {
    let pointer: OpaquePointer

    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }

    init() throws {
        guard let ctx = BN_CTX_new() else { throw CryptoError.openSSL("BN_CTX_new") }
        pointer = ctx
    }

    deinit { BN_CTX_free(pointer) }
}
