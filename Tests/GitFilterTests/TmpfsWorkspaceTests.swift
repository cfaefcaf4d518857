import Foundation
@testable import GitFilter
import Testing

/// Where decrypted merge inputs live: tmpfs only, private modes, removed on every way out.
@Suite struct TmpfsWorkspaceTests {
    struct Boom: Error {}

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func filesArePrivateOnTmpfsAndGoneAfterwards() async throws {
        var seen: (directory: String, file: String)?
        let text = try await TmpfsWorkspace.withWorkspace(environment: [:]) { workspace in
            let file = try workspace.write("ours", Array("plaintext".utf8))
            seen = (workspace.directory, file)
            #expect(workspace.directory.hasPrefix("/dev/shm/gitsops-merge-"))
            #expect(try mode(workspace.directory) == 0o700)
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
                directory = workspace.directory
                _ = try workspace.write("base", [1, 2, 3])
                throw Boom()
            }
        }
        #expect(!directory.isEmpty && !FileManager.default.fileExists(atPath: directory))
    }

    @Test func prefersXDGRuntimeDirOnlyWhenItIsTmpfs() async throws {
        let disk = try TemporaryDirectoryOnDisk()
        let used = try await TmpfsWorkspace.withWorkspace(environment: ["XDG_RUNTIME_DIR": disk.path]) { $0.directory }
        #expect(used.hasPrefix("/dev/shm/"))
        #expect(TmpfsWorkspace.isTmpfs("/dev/shm"))
        #expect(!TmpfsWorkspace.isTmpfs(disk.path))
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
