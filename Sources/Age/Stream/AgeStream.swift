import Crypto

/// age's payload encryption (age-encryption.org/v1, "Payload"): STREAM over ChaCha20-Poly1305 in
/// 64 KiB chunks. The nonce is an 11-byte big-endian chunk counter and a final byte that is 1
/// only on the last chunk, so truncation and reordering are detected.
enum AgeStream {
    static let chunkSize = 64 * 1024
    static let tagLength = ChaCha20Poly1305.tagLength
    static let nonceLength = 16
    static let payloadLabel = Array("payload".utf8)

    /// The payload: a fresh 16-byte nonce, then the encrypted chunks.
    static func seal(_ plaintext: SecretBytes, fileKey: SecretBytes) throws(AgeError) -> [UInt8] {
        let nonce = SecureRandom.bytes(nonceLength)
        let key = try payloadKey(fileKey: fileKey, nonce: nonce)
        var bytes = plaintext.unsafeArray()
        defer { Memory.zero(&bytes) }
        var out = nonce
        out.reserveCapacity(nonceLength + bytes.count + (bytes.count / chunkSize + 1) * tagLength)
        var start = 0, counter: UInt64 = 0
        repeat {
            let end = min(start + chunkSize, bytes.count)
            var chunk = Array(bytes[start..<end])
            defer { Memory.zero(&chunk) }
            out += try crypt { () throws in
                try ChaCha20Poly1305.seal(chunk, using: key, nonce: chunkNonce(counter, last: end == bytes.count))
            }
            start = end
            counter += 1
        } while start < bytes.count
        return out
    }

    /// Opens a payload (nonce and chunks) with the file key.
    static func open(_ payload: ArraySlice<UInt8>, fileKey: SecretBytes) throws(AgeError) -> SecretBytes {
        guard payload.count >= nonceLength else { throw AgeError(.failed, "age payload is truncated (no nonce)") }
        let key = try payloadKey(fileKey: fileKey, nonce: Array(payload.prefix(nonceLength)))
        let chunks = payload.dropFirst(nonceLength)
        guard !chunks.isEmpty else { throw AgeError(.failed, "age payload is truncated") }
        var plaintext = [UInt8]()
        plaintext.reserveCapacity(chunks.count)  // no reallocation leaves plaintext behind
        defer { Memory.zero(&plaintext) }
        var start = chunks.startIndex, counter: UInt64 = 0
        while start < chunks.endIndex {
            let end = min(start + chunkSize + tagLength, chunks.endIndex)
            let last = end == chunks.endIndex
            guard end - start >= tagLength else { throw AgeError(.failed, "age payload chunk is truncated") }
            // Only an empty file has an empty chunk (age v1.0.0-beta2 and older wrote one more).
            guard !(last && counter > 0 && end - start == tagLength) else {
                throw AgeError(.failed, "age payload ends with an empty chunk")
            }
            var chunk: [UInt8]
            do {
                chunk = try ChaCha20Poly1305.open(Array(chunks[start..<end]), using: key, nonce: chunkNonce(counter, last: last))
            } catch {
                throw AgeError(.failed, "failed to decrypt and authenticate age payload chunk")
            }
            plaintext += chunk
            Memory.zero(&chunk)
            start = end
            counter += 1
        }
        return SecretBytes(plaintext)
    }

    private static func payloadKey(fileKey: SecretBytes, nonce: [UInt8]) throws(AgeError) -> SecretBytes {
        try crypt { () throws in try HKDF.sha256(inputKey: fileKey, salt: nonce, info: payloadLabel, outputCount: 32) }
    }

    private static func chunkNonce(_ counter: UInt64, last: Bool) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: ChaCha20Poly1305.nonceLength)
        for i in 0..<8 { nonce[10 - i] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(i))) }
        nonce[11] = last ? 1 : 0
        return nonce
    }
}

/// Runs a Crypto call that fails only on a library fault, reported as an age failure.
func crypt<T>(_ body: () throws -> T) throws(AgeError) -> T {
    do {
        return try body()
    } catch {
        throw AgeError(.failed, "\(error)")
    }
}
