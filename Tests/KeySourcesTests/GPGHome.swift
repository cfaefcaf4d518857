import Foundation
import TestSupport

/// A throwaway `GNUPGHOME` (mode 700) with the sops functional-test keys imported; its gpg-agent
/// is stopped when the value goes away.
final class GPGHome: @unchecked Sendable {
    static let key1 = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"
    static let key2 = "D7229043384BCC60326C6FB9D8720D957C3D3074"
    /// Public only: used for "no secret key" tests.
    static let key3 = "B611A2F9F11D0FF82568805119F9B5DAEA91FF86"

    let directory: TemporaryDirectory
    var path: String { directory.path }

    init() throws {
        directory = try TemporaryDirectory("gnupg")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        let imported = try Command.run("gpg", ["--batch", "--import", SharedFixtures.sops("sops_functional_tests_key.asc").path],
                                       environment: ["GNUPGHOME": directory.path])
        guard imported.status == 0 else { throw GPGHomeError(message: imported.err) }
    }

    /// The environment the key service gets: this home and a PATH to find gpg, nothing inherited.
    var environment: [String: String] { ["GNUPGHOME": path, "PATH": "/usr/local/bin:/usr/bin:/bin"] }

    deinit {
        _ = try? Command.run("gpgconf", ["--kill", "gpg-agent"], environment: ["GNUPGHOME": directory.path])
        // The agent removes its sockets as it exits, after gpgconf returns: retry until the
        // directory is gone rather than leave it behind.
        for _ in 0..<50 where FileManager.default.fileExists(atPath: directory.path) {
            try? FileManager.default.removeItem(atPath: directory.path)
            usleep(20_000)
        }
    }
}

struct GPGHomeError: Error {
    var message: String
}

/// The armored PGP messages of a sops fixture with the fingerprint each is for, found by text
/// (no YAML or JSON parser): YAML block scalars are de-indented, JSON `\n` escapes expanded.
func pgpStanzas(inFixture name: String) throws -> [(fingerprint: String, enc: String)] {
    let text = try String(contentsOf: SharedFixtures.sops(name), encoding: .utf8).replacingOccurrences(of: "\\n", with: "\n")
    var stanzas = [(fingerprint: String, enc: String)]()
    var block: [String]?
    var pending = [String]()
    for raw in text.components(separatedBy: "\n") {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.contains("-----BEGIN PGP MESSAGE-----") { block = ["-----BEGIN PGP MESSAGE-----"]; continue }
        if block != nil, line.contains("-----END PGP MESSAGE-----") {
            pending.append((block! + ["-----END PGP MESSAGE-----"]).joined(separator: "\n"))
            block = nil
            continue
        }
        if block != nil { block!.append(line); continue }
        // The fingerprint follows its enc in every fixture (`fp:` in YAML, `"fp":` in JSON, `…_fp =` in INI).
        if let range = line.range(of: #"^(.*_)?"?fp"?\s*[:=]\s*"?([0-9A-F]{40})"#, options: .regularExpression), !pending.isEmpty {
            let fingerprint = String(line[range].suffix(40))
            stanzas.append((fingerprint, pending.removeFirst()))
        }
    }
    return stanzas
}
