import Foundation
@testable import Platform
import Testing

/// Where plaintext files live: tmpfs only, private modes, removed on every way out.
@Suite struct TmpfsWorkspaceTests {
    struct Boom: Error {}

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func filesArePrivateOnTmpfsAndGoneAfterwards() async throws {
        var seen: (directory: String, file: String)?
        let text = try await TmpfsWorkspace.withWorkspace(environment: [:], name: "gitsops-merge") { workspace in
            let file = try workspace.write(Array("plaintext".utf8), to: "ours").string
            seen = (workspace.directory.string, file)
            #expect(workspace.directory.string.hasPrefix("/dev/shm/gitsops-merge-"))
            #expect(try mode(workspace.directory.string) == 0o700)
            #expect(try mode(file) == 0o600)
            return try String(contentsOfFile: file, encoding: .utf8)
        }
        #expect(text == "plaintext")
        #expect(!FileManager.default.fileExists(atPath: seen!.file))
        #expect(!FileManager.default.fileExists(atPath: seen!.directory))
    }

    @Test func aThrowingBodyStillRemovesEverything() async throws {
        var directory = ""
        await #expect(throws: Boom.self) {
            try await TmpfsWorkspace.withWorkspace(environment: [:]) { workspace in
                directory = workspace.directory.string
                try workspace.write([1, 2, 3], to: "base")
                throw Boom()
            }
        }
        #expect(!directory.isEmpty && !FileManager.default.fileExists(atPath: directory))
    }

    @Test func prefersXDGRuntimeDirOnlyWhenItIsTmpfs() async throws {
        let disk = try TemporaryDirectoryOnDisk()
        let used = try await TmpfsWorkspace.withWorkspace(environment: ["XDG_RUNTIME_DIR": disk.path]) { $0.directory.string }
        #expect(used.hasPrefix("/dev/shm/"))
        #expect(TmpfsWorkspace.isMemoryFileSystem("/dev/shm"))
        #expect(!TmpfsWorkspace.isMemoryFileSystem(disk.path))
    }

    @Test func statfsTellsTmpfsFromDisk() {
        #expect(TmpfsWorkspace.isMemoryFileSystem("/dev/shm"))
        #expect(!TmpfsWorkspace.isMemoryFileSystem(FileManager.default.currentDirectoryPath))
    }

    @Test func workspaceIsPrivateAndScrubbed() async throws {
        var directory = ""
        try await TmpfsWorkspace.withWorkspace(environment: [:]) { workspace in
            directory = workspace.directory.string
            try workspace.write(Array("secret".utf8), to: "file.yaml")
            var info = stat()
            #expect(stat(directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
            #expect(stat(workspace.path("file.yaml").string, &info) == 0 && info.st_mode & 0o777 == 0o600)
            #expect(TmpfsWorkspace.isMemoryFileSystem(directory))
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func diskDirectoryIsRefusedUnlessAllowed() throws {
        let disk = FileManager.default.currentDirectoryPath
        let allowed = try TmpfsWorkspace.parentDirectory(environment: ["XDG_RUNTIME_DIR": disk], allowDisk: true, candidates: [disk])
        #expect(allowed.1 == false)
        #expect(throws: PlatformError.self) {
            try TmpfsWorkspace.parentDirectory(environment: ["XDG_RUNTIME_DIR": disk], allowDisk: false, candidates: [disk])
        }
    }

    /// A directory under the package (on disk, not tmpfs), removed afterwards.
    final class TemporaryDirectoryOnDisk {
        let path: String
        init() throws {
            path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(".disk-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }
}
