import Foundation

/// `Tests/Servers/age-plugin-gitsopstest`, the Python age plugin the plugin tests talk to: a fresh
/// key pair, and a PATH with the plugin's directory first.
public struct AgeTestPlugin {
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Servers").path
    /// PATH for the code under test: the plugin first, then this process's PATH (python3, age).
    public static let path = directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

    public let identity: String
    public let recipient: String

    /// A new key pair from `age-plugin-gitsopstest --keygen`.
    public init() throws {
        let keygen = try Command.run(Self.directory + "/age-plugin-gitsopstest", ["--keygen"])
        let lines = keygen.out.split(separator: "\n").map(String.init)
        guard keygen.status == 0, lines.count == 2 else { throw KeygenFailed(stderr: keygen.err) }
        identity = lines[0]
        recipient = lines[1]
    }

    public struct KeygenFailed: Error {
        public let stderr: String
    }
}
