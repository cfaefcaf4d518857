import Foundation

/// A throwaway `GNUPGHOME` (mode 700) with the sops functional-test keys imported
/// (fixtures/sops/sops_functional_tests_key.asc); its gpg-agent is stopped when the value goes away.
public final class GnuPGHome: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public var path: String { directory.path }

    public init() throws {
        directory = try TemporaryDirectory("gnupg")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        let imported = try Command.run("gpg", ["--batch", "--import", SharedFixtures.sops("sops_functional_tests_key.asc").path],
                                       environment: ["GNUPGHOME": directory.path])
        guard imported.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: ["gpg": imported.err]) }
    }

    deinit {
        _ = try? Command.run("gpgconf", ["--kill", "gpg-agent"], environment: ["GNUPGHOME": directory.path])
        // The agent removes its sockets after gpgconf returns: retry until the directory is gone.
        for _ in 0..<50 where FileManager.default.fileExists(atPath: directory.path) {
            try? FileManager.default.removeItem(atPath: directory.path)
            usleep(20_000)
        }
    }
}
