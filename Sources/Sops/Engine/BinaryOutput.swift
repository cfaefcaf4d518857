import Crypto
import TextEncoding

/// A binary-store result written in chunks (`SopsEngine.encryptBinary`, `decryptBinary`): a large
/// binary secret is never held twice, as input and as output. Everything that can be checked
/// (keys, tag, MAC) was checked before it was returned.
public struct BinaryOutput: Sendable {
    enum Source: Sendable {
        case bytes([UInt8])
        /// `head`, the base64 of `plaintext` sealed with `dataKey` and `iv`, `,iv:…,tag:…`, `tail`.
        case seal(plaintext: [UInt8], dataKey: SecretBytes, iv: [UInt8], head: [UInt8], tail: [UInt8])
        case open(BinaryDocument, dataKey: SecretBytes)
    }

    let source: Source
    /// SHA-256 of the plaintext a decryption writes (computed while verifying it).
    public internal(set) var plaintextSHA256: [UInt8]?

    /// The whole output when it is in memory already (an unchanged file's previous ciphertext).
    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = source { return bytes }
        return nil
    }

    /// Hands the output to `sink` piece by piece; errors of `sink` pass through.
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch source {
        case .bytes(let bytes):
            try bytes.withUnsafeBytes(sink)
        case .seal(let plaintext, let dataKey, let iv, let head, let tail):
            try head.withUnsafeBytes(sink)
            let stream = try AES256GCM.Stream(encrypting: true, key: dataKey, iv: iv, authenticating: Array("data:".utf8))
            let chunk = BinaryDocument.chunkCharacters / 4 * 3
            var sealed = [UInt8](repeating: 0, count: chunk)
            var text: [UInt8] = []
            text.reserveCapacity(BinaryDocument.chunkCharacters)
            var position = 0
            while position < plaintext.count {
                let end = min(position + chunk, plaintext.count)
                let n = try plaintext.withUnsafeBytes { input in
                    try sealed.withUnsafeMutableBytes { try stream.update(UnsafeRawBufferPointer(rebasing: input[position..<end]), into: $0) }
                }
                text.removeAll(keepingCapacity: true)
                Base64.append(sealed[0..<n], to: &text)
                try text.withUnsafeBytes(sink)
                position = end
            }
            var end = Array(",iv:".utf8)
            Base64.append(iv, to: &end)
            end += Array(",tag:".utf8)
            Base64.append(try stream.finish(), to: &end)
            end += tail
            try end.withUnsafeBytes(sink)
        case .open(let document, let dataKey):
            try document.open(with: dataKey, sink)
        }
    }

    /// The whole output as one array (for callers that need it; defeats the purpose for large files).
    public func collected() throws -> [UInt8] {
        if let bytes { return bytes }
        var out: [UInt8] = []
        try write { out.append(contentsOf: $0) }
        return out
    }
}
