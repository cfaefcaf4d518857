import Foundation
import Platform
import Testing

/// Platform's file API: whole reads with limits, exclusive creation, atomic replacement.
@Suite struct FilesTests {
    private func scratch() throws -> String {
        let directory = NSTemporaryDirectory() + "platform-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    private func mode(_ path: String) -> UInt32? { Files.status(path)?.permissions }

    @Test func readReturnsTheWholeFileAndRefusesWhatIsTooLarge() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        try AtomicFile.replace(directory + "/big", with: bytes)
        #expect(try Files.read(directory + "/big") == bytes)
        #expect(throws: PlatformError(.io, "larger than 1024 bytes", path: directory + "/big")) {
            try Files.read(directory + "/big", limit: 1024)
        }
        let missing = directory + "/missing"
        #expect { try Files.read(missing) } throws: { error in
            (error as? PlatformError)?.message.hasPrefix("cannot open the file: No such file") == true
                && (error as? PlatformError)?.path == missing
        }
    }

    @Test func readWithNoFollowRefusesASymbolicLink() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.replace(directory + "/target", with: Array("x".utf8))
        try Files.createSymbolicLink(directory + "/link", to: directory + "/target")
        #expect(try Files.read(directory + "/link") == Array("x".utf8))
        #expect(throws: PlatformError.self) { try Files.read(directory + "/link", noFollow: true) }
        #expect(Files.status(directory + "/link")?.kind == .symbolicLink)
        #expect(Files.linkTarget(directory + "/link") == directory + "/target")
        #expect(Set(Files.entries(of: directory) ?? []) == ["target", "link"])
    }

    @Test func createNewMakesParentsAndNeverOverwrites() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a/b/key.txt"
        try Array("secret".utf8).withUnsafeBytes { try Files.createNew(path, with: $0, permissions: [.ownerReadWrite]) }
        #expect(mode(path) == 0o600)
        #expect(mode(directory + "/a") == 0o700)
        #expect { try Array("other".utf8).withUnsafeBytes { try Files.createNew(path, with: $0, permissions: [.ownerReadWrite]) } }
            throws: { ($0 as? PlatformError)?.code == .exists }
        #expect(try Files.read(path) == Array("secret".utf8))
    }

    @Test func atomicReplacementKeepsAnExistingFilesPermissionsAndLeavesNothingOnFailure() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/file"
        try AtomicFile.replace(path, with: Array("one".utf8), permissions: [.ownerReadWrite])
        #expect(mode(path) == 0o600)
        try AtomicFile.replace(path, with: Array("two".utf8))
        #expect(mode(path) == 0o600)
        struct Boom: Error {}
        #expect(throws: Boom.self) { try AtomicFile.replace(path) { _ in throw Boom() } }
        #expect(try Files.read(path) == Array("two".utf8))
        #expect(Files.entries(of: directory) == ["file"])
    }
}

/// The one calendar conversion and the process questions.
@Suite struct CivilTimeAndProcessTests {
    @Test func civilTimeConvertsBothWays() {
        let cases: [(Int64, CivilTime)] = [
            (0, CivilTime(year: 1970, month: 1, day: 1)),
            (951_782_400, CivilTime(year: 2000, month: 2, day: 29)),
            (-1, CivilTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59)),
            (253_402_300_799, CivilTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59)),
            (-62_135_596_800, CivilTime(year: 1, month: 1, day: 1)),
        ]
        for (seconds, civil) in cases {
            #expect(CivilTime(secondsSinceEpoch: seconds) == civil)
            #expect(civil.secondsSinceEpoch == seconds)
        }
        for seconds in stride(from: Int64(-5_000_000_000), to: 5_000_000_000, by: 86_399 * 37) {
            #expect(CivilTime(secondsSinceEpoch: seconds).secondsSinceEpoch == seconds)
        }
        #expect(CivilTime.currentSecondsSinceEpoch() > 1_700_000_000)
    }

    @Test func procKnowsOurParentAndArguments() {
        #expect(ProcessTable.parent(of: CurrentProcess.id) == CurrentProcess.parentID)
        #expect(ProcessTable.commandLine(of: CurrentProcess.id) == CommandLine.arguments)
    }

    @Test func dynamicLibrariesLoadAndResolveSymbols() {
        #expect(DynamicLibrary("libgitsops-no-such-library.so")?.handle == nil)
        let library = DynamicLibrary("libc.so.6")
        #expect(library != nil)
        if let library { #expect(DynamicLibrary.lookup(library.handle, "getpid") != nil) }
    }
}
