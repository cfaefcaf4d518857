import Crypto
import TextEncoding

/// A binary-store document (`{"data": "ENC[…]", "sops": {…}}`) read without copying its value:
/// the metadata parsed from the document with the value cut out, the value's base64 ciphertext
/// as a range of the original bytes. Anything unusual (another first member, escapes, line breaks
/// in the base64, another type) is left to the whole-tree path.
struct BinaryDocument: Sendable {
    let bytes: [UInt8]
    let metadata: SopsMetadata
    /// The base64 ciphertext inside `bytes`.
    let ciphertext: Range<Int>
    let iv: [UInt8]
    let tag: [UInt8]

    /// What `read` found.
    enum Reading {
        case document(BinaryDocument)
        /// Not a sops document at all (the whole-tree parser would reject it too).
        case notSops
        /// A sops document this reader does not handle: use the whole-tree path.
        case other
    }

    static func read(_ bytes: [UInt8]) -> Reading {
        guard let value = dataValue(in: bytes) else {
            return SopsEngine.parsedSopsDocument(bytes, format: .binary) == nil ? .notSops : .other
        }
        // The same document with `""` as its value: small, and the store's parser judges the rest.
        var reduced = Array(bytes[..<value.lowerBound])
        reduced += bytes[value.upperBound...]
        guard SopsEngine.mayBeSopsDocument(reduced),
              let parsed = try? DocumentStore(format: .binary, settings: StoreSettings()).parseEncrypted(reduced) else {
            return .notSops
        }
        guard parsed.branches.count == 1, parsed.branches[0].count == 1, case .entry("data", .string([])) = parsed.branches[0][0],
              parsed.metadata.layout == nil, !value.isEmpty,
              // A selection that leaves `data` in clear (or cannot be read) is the whole-tree path's.
              (try? LeafSelector(parsed.metadata.selection))?.shouldEncrypt(path: ["data"], comments: [[]], isComment: false) == true,
              let fields = encryptedFields(bytes, value), fields.type == "str",
              isPlainBase64(bytes[fields.data]) else { return .other }
        return .document(BinaryDocument(bytes: bytes, metadata: parsed.metadata, ciphertext: fields.data,
                                        iv: fields.iv, tag: fields.tag))
    }

    /// The byte range of the first member's string value when that member is `"data"` and the
    /// value has no escapes or control characters.
    private static func dataValue(in bytes: [UInt8]) -> Range<Int>? {
        var i = 0
        func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        func expect(_ text: String) -> Bool {
            let t = Array(text.utf8)
            guard bytes.count - i >= t.count, bytes[i..<(i + t.count)].elementsEqual(t) else { return false }
            i += t.count
            return true
        }
        skipSpace()
        guard expect("{") else { return nil }
        skipSpace()
        guard expect("\"data\"") else { return nil }
        skipSpace()
        guard expect(":") else { return nil }
        skipSpace()
        guard expect("\"") else { return nil }
        let start = i
        let end = bytes.withUnsafeBufferPointer { b -> Int? in
            var j = start
            while j < b.count {
                let c = b[j]
                if c == UInt8(ascii: "\"") { return j }
                if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
                j += 1
            }
            return nil
        }
        return end.map { start..<$0 }
    }

    /// The `ENC[…]` fields of the value at `range`, split as `EncryptedValue(parsing:)` splits them.
    private static func encryptedFields(_ bytes: [UInt8], _ range: Range<Int>) -> (data: Range<Int>, iv: [UInt8], tag: [UInt8], type: String)? {
        let prefix = EncryptedValue.prefix
        guard bytes[range].starts(with: prefix) else { return nil }
        let start = range.lowerBound + prefix.count
        guard let bounds = EncryptedValue.fieldBounds(bytes, from: start, to: range.upperBound),
              let iv = Base64.decode(bytes[(bounds[0] + 4)..<bounds[1]]), !iv.isEmpty,
              let tag = Base64.decode(bytes[(bounds[1] + 5)..<bounds[2]]) else { return nil }
        return (start..<bounds[0], iv, tag, String(decoding: bytes[(bounds[2] + 6)..<bounds[3]], as: UTF8.self))
    }

    /// Standard padded base64 with nothing skipped, so it decodes in independent 4-character pieces.
    private static func isPlainBase64(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count % 4 == 0 else { return false }
        return text.withUnsafeBufferPointer { t in
            let body = t.count - (t.last == 0x3D ? (t.count >= 2 && t[t.count - 2] == 0x3D ? 2 : 1) : 0)
            for k in 0..<body {
                let c = t[k]
                let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2F
                if !ok { return false }
            }
            return true
        }
    }

    /// Base64 characters decoded per chunk (a multiple of 4).
    static let chunkCharacters = 1 << 16

    /// Opens the ciphertext chunk by chunk, handing each plaintext piece to `body`, then checks the
    /// tag. The pieces are unauthenticated until this returns. Errors of `body` pass through.
    func open(with dataKey: SecretBytes, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let failure = SopsError(.decryption, "Could not decrypt with AES_GCM: cipher: message authentication failed",
                                hint: "the file was changed after encryption, or it is not encrypted with this data key")
        do {
            let stream = try AES256GCM.Stream(encrypting: false, key: dataKey, iv: iv, authenticating: Array("data:".utf8))
            var plain = [UInt8](repeating: 0, count: Self.chunkCharacters / 4 * 3)
            defer { Memory.zero(&plain) }
            var position = ciphertext.lowerBound
            while position < ciphertext.upperBound {
                let end = min(position + Self.chunkCharacters, ciphertext.upperBound)
                guard let sealed = Base64.decode(bytes[position..<end]) else {
                    throw SopsError(.decryption, "Error base64-decoding an encrypted value")
                }
                let n = try sealed.withUnsafeBytes { input in try plain.withUnsafeMutableBytes { try stream.update(input, into: $0) } }
                try plain.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                position = end
            }
            try stream.finish(expectedTag: tag)
        } catch let error as CryptoError where error.code == .authenticationFailure {
            throw failure
        } catch let error as CryptoError {
            throw SopsError(.decryption, "Could not decrypt with AES_GCM: \(error)")
        }
    }
}
