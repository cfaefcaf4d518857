import FilterProtocol
import Crypto
import Platform
public import Repository
import Synchronization
import SystemPackage
import TextEncoding

/// Remembers which staged blob the clean filter returns for a file's plaintext, so `git status`
/// after a `touch` (git cleans again every file whose stat data changed) answers without
/// decrypting anything.
///
/// An entry is (path, MAC, blob id); the MAC is HMAC-SHA-256 under a random per-clone key over the
/// path, the store settings and the SHA-256 of the plaintext. Entries record only facts checked at
/// the time: a smudge decrypted that blob to that plaintext, or a clean found that the staged blob
/// decrypts to it. A hit counts only while the index stages that blob, and then it is exactly what a
/// full clean returns (the staged ciphertext, verbatim, for an unchanged plaintext). The index is
/// read once per process: git writes it only when its command ends, and a hit on an index that
/// changed meanwhile still returns a blob that decrypts to the plaintext. Key and
/// entries live in `<git dir>/gitsops/` (0700, files 0600); the MACs tell nothing the working tree
/// does not hold in clear, and a locked working tree (`gitsops lock`) erases them.
public final class CleanCache: Sendable {
    /// "<64 hex MAC> <40 hex blob id>", as the file stores it: loading 1,000s of entries for one
    /// `git status` decodes none of them, a lookup decodes the one it needs.
    private struct Entry {
        var text: ArraySlice<UInt8>

        init(text: ArraySlice<UInt8>) { self.text = text }

        init(mac: [UInt8], blob: ObjectID) {
            text = ArraySlice(CleanCache.hex(mac) + [0x20] + Array(blob.description.utf8))
        }

        var macHex: ArraySlice<UInt8> { text.prefix(64) }
        var blobHex: ArraySlice<UInt8> { text.suffix(40) }
        var blob: ObjectID? { ObjectID(hex: String(decoding: blobHex, as: UTF8.self)) }
    }

    private struct State {
        var loaded = false
        /// Nil when the cache is unusable here (unreadable key): every lookup misses.
        var key: SecretBytes?
        var triedCreatingKey = false
        var entries: [String: Entry] = [:]
        /// Entries recorded by this process, merged into the file by `save`.
        var updates: [String: Entry] = [:]
        /// The blobs the index stages (stage 0), read on the first lookup.
        var staged: [String: ObjectID]?
    }

    private static let header = Array("gitsops-clean-cache-1\n".utf8)
    private static let keyLength = 32
    /// Beyond this many entries a save keeps only this process's (stale paths never pile up unbounded).
    private static let maximumEntries = 500_000

    private let directory: String
    /// What else decides the plaintext of a blob (the store settings of `.sops.yaml`).
    private let context: [UInt8]
    private let state = Mutex(State())

    /// The cache of the repository whose git directory is `gitDirectory`; `context` names the
    /// settings that shape decrypted output, so a change of settings misses instead of lying.
    public init(gitDirectory: String, context: String) {
        directory = gitDirectory + "/gitsops"
        self.context = Array(context.utf8)
    }

    /// Removes the key and the entries (a locked working tree holds no plaintext to match).
    public static func erase(gitDirectory: String) {
        for name in ["clean-cache", "key"] { Files.remove(gitDirectory + "/gitsops/" + name) }
    }

    /// The blob recorded for `plaintext` at `path`, if any (the caller checks it is still staged).
    func blob(for path: String, plaintext: [UInt8]) -> ObjectID? {
        let found = state.withLock { state -> (SecretBytes, Entry)? in
            load(&state)
            guard let key = state.key, let entry = state.updates[path] ?? state.entries[path] else { return nil }
            return (key, entry)
        }
        guard let (key, entry) = found else { return nil }
        return entry.macHex.elementsEqual(Self.hex(mac(key: key, path: path, plaintextSHA256: SHA256.hash(plaintext)))) ? entry.blob : nil
    }

    /// Whether the index stages `blob` at `path` (as it was when this process first asked).
    func isStaged(_ blob: ObjectID, path: String, in repository: Repository) throws -> Bool {
        try state.withLock { state throws(RepositoryError) -> Bool in
            if state.staged == nil {
                state.staged = Dictionary(try repository.indexEntries().filter { $0.stage == 0 }.map { ($0.path, $0.id) },
                                          uniquingKeysWith: { first, _ in first })
            }
            return state.staged?[path] == blob
        }
    }

    /// Whether `blob` is recorded for `path`: it was decrypted here with its MAC verified.
    public func hasVerified(_ blob: ObjectID, path: String) -> Bool {
        state.withLock { state in
            load(&state)
            guard state.key != nil, let entry = state.updates[path] ?? state.entries[path] else { return false }
            return entry.blobHex.elementsEqual(blob.description.utf8)
        }
    }

    /// Records that `blob` is what the clean filter keeps for `plaintext` at `path`.
    func record(path: String, plaintext: [UInt8], blob: ObjectID) {
        record(path: path, plaintextSHA256: SHA256.hash(plaintext), blob: blob)
    }

    /// `record` with the plaintext's SHA-256 (a streamed smudge never holds the whole plaintext).
    func record(path: String, plaintextSHA256: [UInt8], blob: ObjectID) {
        let key = state.withLock { state -> SecretBytes? in
            load(&state)
            if state.key == nil, !state.triedCreatingKey {
                state.triedCreatingKey = true
                state.key = createKey()
            }
            return state.key
        }
        guard let key else { return }
        let entry = Entry(mac: mac(key: key, path: path, plaintextSHA256: plaintextSHA256), blob: blob)
        state.withLock { $0.updates[path] = entry }
    }

    /// Writes this process's entries, merged with the file as it is now (another git command may
    /// have saved meanwhile). Best effort: a cache that cannot be written only costs speed.
    public func save() {
        state.withLock { state in
            guard !state.updates.isEmpty, state.key != nil else { return }
            var merged = readEntries() ?? [:]
            if merged.count + state.updates.count > Self.maximumEntries { merged = [:] }
            merged.merge(state.updates) { _, new in new }
            var bytes = Self.header
            for (path, entry) in merged {
                bytes += entry.text
                bytes.append(0x20)
                bytes += path.utf8
                bytes.append(0)
            }
            write(bytes, to: directory + "/clean-cache")
            state.entries = merged
            state.updates = [:]
        }
    }

    // MARK: Storage

    private func load(_ state: inout State) {
        guard !state.loaded else { return }
        state.loaded = true
        state.key = readKey()
        if state.key != nil { state.entries = readEntries() ?? [:] }
    }

    private func readKey() -> SecretBytes? {
        guard var bytes = try? Files.read(directory + "/key", noFollow: true) else { return nil }
        defer { Memory.zero(&bytes) }
        return bytes.count == Self.keyLength ? SecretBytes(bytes) : nil
    }

    /// A new random key in a new 0600 file, or the key another process just created; nil when the
    /// directory cannot hold one (a torn key file is removed, for the next process to recreate).
    private func createKey() -> SecretBytes? {
        try? Files.createDirectories(directory, permissions: .ownerReadWriteExecute)
        let key = SecureRandom.secret(Self.keyLength)
        do {
            let fd = try FileDescriptor.open(FilePath(directory + "/key"), .writeOnly, options: [.create, .exclusiveCreate, .noFollow],
                                             permissions: [.ownerReadWrite])
            try fd.closeAfter { _ = try key.withUnsafeBytes { try fd.writeAll($0) } }
            return key
        } catch Errno.fileExists {
            if let existing = readKey() { return existing }
        } catch {}
        Files.remove(directory + "/key")
        return nil
    }

    /// The entries file, parsed; nil when missing or not in this format (then it is rewritten).
    /// Runs once per filter process, before its first answer: one pass over the bytes, no decoding.
    private func readEntries() -> [String: Entry]? {
        guard let bytes = try? Files.read(directory + "/clean-cache", noFollow: true),
              bytes.starts(with: Self.header) else { return nil }
        var entries: [String: Entry] = [:]
        var start = Self.header.count
        let wellFormed = bytes.withUnsafeBufferPointer { buffer -> Bool in
            while start < buffer.count {
                // "<64 hex MAC> <40 hex blob id> <path>\0"
                guard let end = buffer[start...].firstIndex(of: 0), end - start > 106,
                      buffer[start + 64] == 0x20, buffer[start + 105] == 0x20,
                      (start..<(start + 64)).allSatisfy({ Self.isHexDigit(buffer[$0]) }),
                      ((start + 65)..<(start + 105)).allSatisfy({ Self.isHexDigit(buffer[$0]) }) else { return false }
                entries[String(decoding: UnsafeBufferPointer(rebasing: buffer[(start + 106)..<end]), as: UTF8.self)]
                    = Entry(text: bytes[start..<(start + 105)])
                start = end + 1
            }
            return true
        }
        return wellFormed ? entries : nil
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }

    /// Lower-case hex digits of `bytes`, as the file stores MACs.
    private static func hex(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(Hex.digits[Int(byte >> 4)])
            out.append(Hex.digits[Int(byte & 0x0F)])
        }
        return out
    }

    /// Replaces `path` atomically, mode 0600; best effort.
    private func write(_ bytes: [UInt8], to path: String) {
        try? AtomicFile.replace(path, with: bytes, permissions: [.ownerReadWrite])
    }

    private func mac(key: SecretBytes, path: String, plaintextSHA256: [UInt8]) -> [UInt8] {
        var message = Array("gitsops clean cache\u{0}".utf8) + context + [0] + Array(path.utf8) + [0]
        message += plaintextSHA256
        return HMAC.sha256(key: key, data: message)
    }
}
