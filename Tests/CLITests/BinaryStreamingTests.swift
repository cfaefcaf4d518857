import Foundation
import TestSupport
import TestTraits
import Testing

/// Large binary secrets go through `encrypt`, `decrypt` and the git filter in chunks: the same
/// bytes back at every chunk boundary, readable by the reference implementation both ways, and
/// nothing written when the ciphertext, tag or MAC was changed.
@Suite struct BinaryStreamingTests {
    /// Around the seal chunk (49152), the pkt-line payload (65516) and the base64 padding.
    static let sizes = [0, 1, 2, 49151, 49152, 49153, 65516, 65517, 98305, 200_003]

    static func random(_ count: Int) -> Data { Data((0..<count).map { _ in UInt8.random(in: 0...255) }) }

    static func reference(_ arguments: [String]) throws -> Command.Result {
        try Command.run("python3", [SharedFixtures.sopsRef.path] + arguments, environment: ["SOPS_AGE_KEY": SopsCLITests.identity])
    }

    /// Flips one base64 character after `marker` (`offset` characters in).
    static func tamper(_ document: Data, after marker: String, by offset: Int) throws -> Data {
        var bytes = [UInt8](document)
        let text = String(decoding: bytes, as: UTF8.self)
        let range = try #require(text.range(of: marker))
        let index = text.utf8.distance(from: text.startIndex, to: range.upperBound) + offset
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return Data(bytes)
    }

    /// `size` random bytes in `b<size>.bin` and `gitsops encrypt` of them in `b<size>.enc`.
    private static func encrypted(_ size: Int, in dir: TemporaryDirectory) throws -> (plaintext: Data, file: URL, enc: URL) {
        let plaintext = Self.random(size)
        let file = try dir.file("b\(size).bin")
        try plaintext.write(to: file)
        let encrypted = try GitsopsBinary.run(["encrypt", "--age", SopsCLITests.recipient, file.path], in: dir.url, environment: SopsCLITests.env(dir))
        #expect(encrypted.status == 0, "\(size): \(encrypted.err)")
        let enc = try dir.file("b\(size).enc")
        try encrypted.stdout.write(to: enc)
        return (plaintext, file, enc)
    }

    @Test func encryptAndDecryptRoundTripAtChunkBoundaries() throws {
        let dir = try TemporaryDirectory("binary-cli")
        let env = SopsCLITests.env(dir)
        for size in Self.sizes {
            let (plaintext, file, enc) = try Self.encrypted(size, in: dir)
            let decrypted = try GitsopsBinary.run(["decrypt", "--input-type", "binary", enc.path], in: dir.url, environment: env)
            #expect(decrypted.status == 0, "\(size): \(decrypted.err)")
            #expect(decrypted.stdout == plaintext, "\(size)")
            // In place both ways.
            #expect(try GitsopsBinary.run(["encrypt", "-i", "--age", SopsCLITests.recipient, file.path], in: dir.url, environment: env).status == 0)
            #expect(try Data(contentsOf: file).starts(with: Data("{\n".utf8)))
            #expect(try GitsopsBinary.run(["decrypt", "-i", file.path], in: dir.url, environment: env).status == 0)
            #expect(try Data(contentsOf: file) == plaintext, "\(size)")
        }
    }

    @Test(.needsSopsRef) func theReferenceReadsAndWritesBinaryAtChunkBoundaries() throws {
        let dir = try TemporaryDirectory("binary-cli")
        let env = SopsCLITests.env(dir)
        for size in Self.sizes {
            let (plaintext, file, enc) = try Self.encrypted(size, in: dir)
            let byReference = try Self.reference(["decrypt", "--format", "binary", "--emit", enc.path])
            #expect(byReference.status == 0, "\(size): \(byReference.err)")
            #expect(byReference.stdout == plaintext, "\(size)")
            // And the other way round.
            let fromReference = try Self.reference(["encrypt", "--format", "binary", "--age", SopsCLITests.recipient, file.path])
            #expect(fromReference.status == 0, "\(size): \(fromReference.err)")
            try fromReference.stdout.write(to: enc)
            let readBack = try GitsopsBinary.run(["decrypt", "--input-type", "binary", enc.path], in: dir.url, environment: env)
            #expect(readBack.stdout == plaintext, "\(size): \(readBack.err)")
        }
    }

    @Test func tamperedFilesAreRefusedWithNothingWritten() throws {
        let dir = try TemporaryDirectory("binary-cli")
        let env = SopsCLITests.env(dir)
        let file = try dir.file("t.bin")
        try Self.random(120_000).write(to: file)
        let document = try GitsopsBinary.run(["encrypt", "--age", SopsCLITests.recipient, file.path], in: dir.url, environment: env).stdout
        let cases = [
            (try Self.tamper(document, after: "\"data\": \"ENC[AES256_GCM,data:", by: 100_000), "Could not decrypt with AES_GCM"),
            (try Self.tamper(document, after: ",tag:", by: 1), "Could not decrypt with AES_GCM"),
            (try Self.tamper(document, after: "\"mac\": \"ENC[AES256_GCM,data:", by: 5), "Cannot decrypt MAC"),
        ]
        for (tampered, message) in cases {
            try tampered.write(to: file)
            let toStdout = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: env)
            #expect(toStdout.status == 1)
            #expect(toStdout.stdout.isEmpty)
            #expect(toStdout.err.contains(message), "\(toStdout.err)")
            let inPlace = try GitsopsBinary.run(["decrypt", "-i", file.path], in: dir.url, environment: env)
            #expect(inPlace.status == 1)
            #expect(try Data(contentsOf: file) == tampered)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains(".gitsops-") })
        }
    }

    /// A file of each size in `sizes` under `secrets/`, committed; the plaintexts by path.
    private func committedBinaries() throws -> (repo: GitsopsRepository, files: [String: Data]) {
        let repo = try GitsopsRepository("binary-stream")
        var files: [String: Data] = [:]
        for size in Self.sizes {
            files["secrets/b\(size).bin"] = Self.random(size)
            try repo.write("secrets/b\(size).bin", [UInt8](files["secrets/b\(size).bin"]!))
        }
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "-m", "binaries"])
        return (repo, files)
    }

    @Test func gitStoresAndChecksOutBinarySecretsAtChunkBoundaries() throws {
        let (repo, files) = try committedBinaries()
        for (path, plaintext) in files where !plaintext.isEmpty {
            let decrypted = try repo.decrypt(try repo.stored(path), format: "binary")
            #expect(decrypted.status == 0 && decrypted.stdout == plaintext, "\(path): \(decrypted.err)")
        }
        // A fresh checkout through the filter process (with an empty clean cache: git's re-cleans
        // of racily clean files after the add filled it).
        for path in files.keys { try FileManager.default.removeItem(at: repo.sandbox.url("repo/" + path)) }
        try? FileManager.default.removeItem(at: repo.sandbox.url("repo/.git/gitsops/clean-cache"))
        try repo.git(["checkout", "--", "secrets"])
        for (path, plaintext) in files { #expect(Data(try repo.read(path)) == plaintext, "\(path)") }
        // The streamed checkout filled the clean cache: with the files' times moved (git must clean
        // them again) and no key, only the cache can tell that the staged blobs hold this plaintext.
        let later = Date().addingTimeInterval(60)
        for path in files.keys {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: repo.sandbox.url("repo/" + path).path)
        }
        #expect(try repo.git(["status", "--porcelain"], environment: repo.withoutKey).out.isEmpty)

        // Unchanged: the staged blob stays; changed: a new blob with the same data key.
        let path = "secrets/b98305.bin"
        let staged = try repo.git(["rev-parse", ":" + path]).out
        try repo.write(path, [UInt8](files[path]!))
        try repo.git(["add", path])
        #expect(try repo.git(["rev-parse", ":" + path]).out == staged)
        try repo.write(path, [UInt8](files[path]!) + [7])
        try repo.git(["add", path])
        #expect(try repo.git(["rev-parse", ":" + path]).out != staged)
        func ageStanza(_ revision: String) throws -> String {
            let json = try JSONSerialization.jsonObject(with: Data(try repo.stored(path, at: revision))) as? [String: Any]
            let sops = json?["sops"] as? [String: Any]
            return ((sops?["age"] as? [[String: Any]])?.first?["enc"] as? String) ?? "missing"
        }
        #expect(try ageStanza("") == ageStanza("HEAD"))
    }

    @Test(.needsSopsRef) func theReferenceDecryptsBinarySecretsGitStoredAtChunkBoundaries() throws {
        let (repo, files) = try committedBinaries()
        for (path, plaintext) in files where !plaintext.isEmpty {
            let file = repo.sandbox.url("stored.bin")
            try Data(try repo.stored(path)).write(to: file)
            let reference = try repo.sandbox.run("python3", [SharedFixtures.sopsRef.path, "decrypt", "--format", "binary", "--emit", file.path],
                                                 in: ".", environment: repo.withKey)
            #expect(reference.stdout == plaintext, "\(path): \(reference.err)")
        }
    }

    @Test func aTamperedStoredBinaryIsCheckedOutAsStoredWithAWarning() throws {
        let repo = try GitsopsRepository("binary-tamper")
        try repo.write("secrets/t.bin", [UInt8](Self.random(100_000)))
        try repo.git(["add", "secrets/t.bin"])
        let stored = Data(try repo.stored("secrets/t.bin", at: ""))
        for tampered in [try Self.tamper(stored, after: "\"data\": \"ENC[AES256_GCM,data:", by: 90_000),
                         try Self.tamper(stored, after: ",tag:", by: 1),
                         try Self.tamper(stored, after: "\"mac\": \"ENC[AES256_GCM,data:", by: 5)] {
            let id = try repo.git(["hash-object", "-w", "--no-filters", "--stdin"], stdin: tampered).out
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try repo.git(["update-index", "--cacheinfo", "100644,\(id),secrets/t.bin"])
            try? FileManager.default.removeItem(at: repo.sandbox.url("repo/secrets/t.bin"))
            let checkout = try repo.tryGit(["checkout", "--", "secrets/t.bin"])
            #expect(checkout.status == 0)
            #expect(checkout.err.hasPrefix("gitsops: warning: left encrypted, as stored: secrets/t.bin ("), "\(checkout.err)")
            #expect(checkout.err.hasSuffix(": damaged or tampered); run `gitsops doctor` for details\n"), "\(checkout.err)")
            #expect(try repo.read("secrets/t.bin") == Array(tampered))
        }
    }
}
