import Crypto
import KeySources

extension SopsEngine {
    /// `encrypt` of a binary-store file as a stream: nil when the request is not one the streaming
    /// path handles (another format, an empty file, a previous document of unusual shape); then
    /// call `encrypt`. Same output, same reuse of `request.previous` (an unchanged plaintext gives
    /// it back verbatim, a changed one keeps its data key), same errors.
    public func encryptBinary(_ plaintext: [UInt8], _ request: EncryptionRequest) async throws(SopsError) -> BinaryOutput? {
        do {
            return try await encryptBinaryUnlocated(plaintext, request)?.output
        } catch {
            throw error.at(request.path)
        }
    }

    /// `encryptBinary` without the path in errors; `reused`: the previous data key was kept.
    func encryptBinaryUnlocated(_ plaintext: [UInt8], _ request: EncryptionRequest) async throws(SopsError)
        -> (output: BinaryOutput, reused: Bool)? {
        guard request.resolvedFormat == .binary, request.resolvedOutputFormat == .binary, !plaintext.isEmpty else { return nil }
        var base: (dataKey: SecretBytes, metadata: SopsMetadata)?
        if let previous = request.previous {
            switch BinaryDocument.read(previous) {
            case .other: return nil
            case .notSops: break
            case .document(let document):
                do {
                    guard let dataKey = try await verifiedDataKey(document, verifyMAC: true, comparingWith: plaintext) else {
                        return (BinaryOutput(source: .bytes(previous)), true)
                    }
                    base = (dataKey, document.metadata)
                } catch {
                    // As in `encrypt`: a previous document that does not open here is not reused.
                }
            }
        }
        let dataKey: SecretBytes
        var metadata: SopsMetadata
        if let base {
            dataKey = base.dataKey
            metadata = base.metadata
            metadata.lastModified = .now()
        } else {
            dataKey = DataKey.generate()
            metadata = try await newMetadata(dataKey: dataKey, rule: request.rule, format: .binary)
        }
        var hasher = SHA512.hasher()
        if metadata.macOnlyEncrypted { hasher.update(TreeCipher.macOnlyEncryptedInit) }
        hasher.update(plaintext)
        let mac = TreeCipher.hex(hasher.finalize())
        metadata.mac = try ValueCipher(dataKey: dataKey).encrypt(.text(mac), aad: metadata.lastModified.rfc3339Seconds)

        // The document with an empty value, split where the value goes.
        let skeleton = try DocumentStore(format: .binary, settings: request.stores)
            .emitEncrypted([[.entry("data", .string([]))]], metadata: metadata)
        guard let member = skeleton.firstRange(of: Array("\"data\": \"\"".utf8)) else {
            throw SopsError(.unsupported, "error emitting binary store: no data member")
        }
        let head = Array(skeleton[..<(member.upperBound - 1)]) + EncryptedValue.prefix
        let tail = Array(",type:str]".utf8) + skeleton[(member.upperBound - 1)...]
        return (BinaryOutput(source: .seal(plaintext: plaintext, dataKey: dataKey, iv: SecureRandom.bytes(ValueCipher.ivLength),
                                           head: head, tail: tail)), base != nil)
    }

    /// `decrypt` of a binary-store document as a stream: nil when the document or the options are
    /// not ones the streaming path handles (then call `decrypt`). The tag and (unless disabled) the
    /// MAC are verified before this returns; writing the output decrypts a second time.
    public func decryptBinary(_ document: [UInt8], options: DecryptionOptions = DecryptionOptions()) async throws(SopsError) -> BinaryOutput? {
        guard options.extract == nil, options.outputFormat == nil || options.outputFormat == .binary,
              case .document(let parsed) = BinaryDocument.read(document) else { return nil }
        var digest = SHA256.hasher()
        guard let dataKey = try await verifiedDataKey(parsed, verifyMAC: options.verifyMAC, comparingWith: nil,
                                                      observing: { digest.update($0) }) else { return nil }
        return BinaryOutput(source: .open(parsed, dataKey: dataKey), plaintextSHA256: digest.finalize())
    }

    /// Recovers the data key, opens the value (tag) and checks the MAC without keeping the
    /// plaintext. With `comparingWith`, nil when the plaintext equals it (and everything verified).
    private func verifiedDataKey(_ document: BinaryDocument, verifyMAC: Bool, comparingWith other: [UInt8]?,
                                 observing observe: (UnsafeRawBufferPointer) -> Void = { _ in }) async throws(SopsError) -> SecretBytes? {
        let metadata = document.metadata
        let order = try DecryptionOrder(environment: environment)
        let dataKey = try await DataKey.recover(metadata, services: keyServices, order: order, cache: dataKeyCache)
        var hasher = SHA512.hasher()
        if metadata.macOnlyEncrypted { hasher.update(TreeCipher.macOnlyEncryptedInit) }
        var offset = 0
        var equal = other != nil
        do {
            try document.open(with: dataKey) { piece in
                hasher.update(piece)
                observe(piece)
                if equal, let other {
                    equal = offset + piece.count <= other.count && other[offset..<(offset + piece.count)].elementsEqual(piece)
                }
                offset += piece.count
            }
        } catch let error as SopsError {
            throw error
        } catch {
            throw SopsError(.decryption, "\(error)")
        }
        if verifyMAC {
            var cipher = ValueCipher(dataKey: dataKey)
            try OpenedDocument.checkMAC(metadata, computed: TreeCipher.hex(hasher.finalize()), cipher: &cipher)
        }
        return equal && offset == other?.count ? nil : dataKey
    }
}
