internal import COpenSSL

/// HMAC-SHA-256 (age header MAC, HKDF, SigV4).
public enum HMAC {
    public static func sha256<Key: Collection, Data: Collection>(key: Key, data: Data) -> [UInt8]
    where Key.Element == UInt8, Data.Element == UInt8 {
        let keyBytes = Array(key), dataBytes = Array(data)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = keyBytes.withUnsafeBytes { k in
            COpenSSL.HMAC(EVP_sha256(), k.baseAddress, Int32(keyBytes.count), dataBytes, dataBytes.count, &out, &length)
        }
        precondition(result != nil, "HMAC failed")
        return Array(out.prefix(Int(length)))
    }

    /// HMAC-SHA-256 keyed by secret bytes.
    public static func sha256<Data: Collection>(key: SecretBytes, data: Data) -> [UInt8] where Data.Element == UInt8 {
        key.withUnsafeBytes { k in sha256(key: k, data: data) }
    }
}
