import Foundation
import TestSupport
import Testing

/// `kubectl secrets diff --fingerprint`: beside each masked value a short fingerprint keyed by the
/// file's data key, so equal values show equal fingerprints across revisions and clusters.
@Suite struct PluginFingerprintTests {
    /// The fingerprints on the `data.password` line of a diff report: (before, after).
    private static func fingerprints(_ report: String) -> (String?, String?) {
        guard let line = report.split(separator: "\n").first(where: { $0.contains("data.password: changed (") }),
              let open = line.range(of: "("), line.hasSuffix(")") else { return (nil, nil) }
        let parts = line[open.upperBound...].dropLast().components(separatedBy: " => ")
        return parts.count == 2 ? (parts[0], parts[1]) : (nil, nil)
    }

    private static func server(_ sandbox: PluginSandbox, password: String) throws -> KubeAPIServer {
        try KubeAPIServer(in: sandbox.root, seed: [[
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": ["name": "db", "namespace": "default"],
            "data": ["password": Data(password.utf8).base64EncodedString(), "user": Data("admin".utf8).base64EncodedString()],
        ]])
    }

    @Test func equalValuesShowEqualFingerprintsAcrossRevisionsAndClusters() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSecret("db", data: ["password": "old-pass-1a", "user": "admin"])
        try sandbox.git(["add", "."])
        try sandbox.git(["commit", "-qm", "one"])
        // A new file from sops_ref: another data key; both sides are keyed by the newer file's.
        try sandbox.writeSecret("db", data: ["password": "new-pass-2b", "user": "admin"])

        let history = try sandbox.run(["diff", "--git", "--fingerprint", "secrets/db.json"])
        #expect(history.status == 1, "\(history.err)")
        let (old, new) = Self.fingerprints(history.out)
        #expect(history.out == "Secret default/db: changed\n  ~ data.password: changed (\(old ?? "?") => \(new ?? "?"))\n")
        #expect(old?.count == 8 && new?.count == 8 && old != new)

        // A cluster still holding the old value shows the old value's fingerprint; another shows a third.
        let staging = try Self.server(sandbox, password: "old-pass-1a")
        defer { staging.stop() }
        let stale = try sandbox.run(["diff", "--fingerprint", "secrets/db.json"], environment: ["KUBECONFIG": staging.kubeconfig.path])
        #expect(stale.status == 1, "\(stale.err)")
        #expect(stale.out == history.out, "\(stale.out)")
        let prod = try Self.server(sandbox, password: "other-pass-3c")
        defer { prod.stop() }
        let other = try sandbox.run(["diff", "--fingerprint", "secrets/db.json"], environment: ["KUBECONFIG": prod.kubeconfig.path])
        let (live, file) = Self.fingerprints(other.out)
        #expect(file == new && live != old && live != new, "\(other.out)")

        // The same again gives the same fingerprints; nothing of a value is printed.
        #expect(try sandbox.run(["diff", "--git", "--fingerprint", "secrets/db.json"]).out == history.out)
        for value in ["old-pass-1a", "new-pass-2b", "other-pass-3c"] {
            #expect(!(history.out + stale.out + other.out).contains(value))
            // Keyed: not a truncated plain SHA-256 of the value.
            let digest = try Command.run("sha256sum", [], stdin: Data(value.utf8)).out
            #expect(![old, new, live].contains { $0.map(digest.hasPrefix) ?? false })
        }
    }

    @Test func anotherDataKeyGivesOtherFingerprints() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSecret("db", data: ["password": "same-1a"])
        try sandbox.git(["add", "."])
        try sandbox.git(["commit", "-qm", "one"])
        try sandbox.writeSecret("db", data: ["password": "same-2b"])
        let first = try sandbox.run(["diff", "--git", "--fingerprint"]).out
        // The same values, encrypted again under a fresh data key.
        try sandbox.writeSecret("db", data: ["password": "same-2b"])
        let second = try sandbox.run(["diff", "--git", "--fingerprint"]).out
        #expect(Self.fingerprints(first).0 != nil && Self.fingerprints(first).0 != Self.fingerprints(second).0)
    }

    @Test func fingerprintAndShowValuesExcludeEachOther() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSecret("db", data: ["password": "x"])
        let result = try sandbox.run(["diff", "--git", "--fingerprint", "--show-values"])
        #expect(result.status == 2)
        #expect(result.err.hasPrefix("Error: --fingerprint and --show-values exclude each other"), "\(result.err)")
    }
}
