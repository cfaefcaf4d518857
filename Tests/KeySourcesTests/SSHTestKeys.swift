import Foundation
import TestSupport

/// SSH key pairs made by `ssh-keygen` in a temporary directory.
struct SSHTestKey {
    let privateKey: URL
    let publicKey: URL
    /// The public key line, comment included (what sops keeps as the recipient).
    let recipient: String

    /// `ssh-keygen -t <type> [-b bits] -N <passphrase> [-m PEM]` into `dir/<name>`.
    static func generate(_ type: String, in dir: TemporaryDirectory, name: String? = nil, bits: Int? = nil,
                         passphrase: String = "", pem: Bool = false) throws -> SSHTestKey {
        let path = dir.url.appendingPathComponent(name ?? "id_\(type)")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        var arguments = ["-q", "-t", type, "-N", passphrase, "-C", "user@example host", "-f", path.path]
        if let bits { arguments += ["-b", String(bits)] }
        if pem { arguments += ["-m", "PEM"] }
        let result = try Command.run("ssh-keygen", arguments)
        guard result.status == 0 else { throw KeygenFailed(message: result.err) }
        let publicKey = path.appendingPathExtension("pub")
        let line = try String(contentsOf: publicKey, encoding: .utf8).trimmingCharacters(in: .newlines)
        return SSHTestKey(privateKey: path, publicKey: publicKey, recipient: line)
    }

    struct KeygenFailed: Error { let message: String }
}
