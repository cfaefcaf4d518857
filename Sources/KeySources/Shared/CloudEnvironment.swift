import Crypto
import Platform
import SystemPackage

/// What the cloud key services may read about their surroundings: environment variables (passed
/// in, never read from the process), the home directory (`~/.aws`, `~/.vault-token`, gcloud's
/// files) and the host name (sops puts it in the STS session name).
public struct CloudEnvironment: Sendable {
    public var variables: [String: String]
    public var homeDirectory: String
    public var hostname: String

    public init(variables: [String: String], homeDirectory: String, hostname: String = CloudEnvironment.systemHostname()) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.hostname = hostname
    }

    /// A variable's value; nil when unset or empty (as the SDKs treat empty variables).
    public subscript(name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// True for `true`/`1`/`yes` (any case).
    func flag(_ name: String) -> Bool {
        guard let value = self[name]?.lowercased() else { return false }
        return value == "true" || value == "1" || value == "yes"
    }

    /// `path` with a leading `~/` replaced by the home directory.
    func expand(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return homeDirectory + path.dropFirst(1) }
        return path
    }

    /// The machine's host name (`gethostname`).
    public static func systemHostname() -> String { CurrentProcess.hostName }

    /// The path of executable `name` on this environment's `PATH`, if any (none without a `PATH`).
    func executable(named name: String) -> String? {
        let directories = (self["PATH"] ?? "").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { Files.isExecutable($0) }
    }

    /// Reads a whole file of at most `limit` bytes; nil if it does not exist. The caller zeroes
    /// the bytes when they are secret.
    func readFile(_ path: String, limit: Int = 1 << 20) throws(CloudFileError) -> [UInt8]? {
        let path = expand(path)
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        } catch {
            if let errno = error as? Errno, errno == .noSuchFileOrDirectory || errno == .notDirectory { return nil }
            throw CloudFileError(path: path, reason: "\(error)")
        }
        defer { try? descriptor.close() }
        let bytes: [UInt8]?
        do { bytes = try descriptor.readToEnd(limit: limit) } catch { throw CloudFileError(path: path, reason: "\(error)") }
        guard let bytes else { throw CloudFileError(path: path, reason: "larger than \(limit) bytes") }
        return bytes
    }

    /// `readFile` as text with surrounding whitespace removed.
    func readTextFile(_ path: String) throws(CloudFileError) -> String? {
        try readFile(path).map { String(decoding: $0, as: UTF8.self).trimmedWhitespace }
    }
}

/// A credentials or token file that exists but cannot be read.
struct CloudFileError: Error {
    let path: String
    let reason: String
    var description: String { "cannot read \(path): \(reason)" }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    var trimmedWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
