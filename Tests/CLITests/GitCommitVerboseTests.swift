import Foundation
import TestSupport
import Testing

/// `git commit -v` keeps its diff in `.git/COMMIT_EDITMSG` on disk: for secrets it shows which keys
/// were added, removed or changed, values masked, and never a value or a digest of one.
@Suite struct GitCommitVerboseTests {
    /// The diff lines (`-`, `+`, ` `) of `path` in a verbose commit message, without the hunk headers.
    private static func lines(of path: String, in message: String) -> [String] {
        guard let start = message.range(of: "diff --git a/\(path) b/\(path)\n") else { return [] }
        let section = message[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for line in section.drop(while: { !$0.hasPrefix("@@") }) {
            if line.hasPrefix("diff --git") { break }
            if line.hasPrefix("@@") { continue }
            lines.append(String(line))
        }
        return lines.filter { !$0.isEmpty }
    }

    /// The id in `key: (encrypted ID)`.
    private static func id(_ line: String) -> String? {
        guard let open = line.range(of: "(encrypted "), line.hasSuffix(")") else { return nil }
        return String(line[open.upperBound...].dropLast())
    }

    /// Commits the staged change with `git commit -v` (an editor that writes a subject) and returns
    /// what git left in `.git/COMMIT_EDITMSG`.
    private func verboseCommit(_ repo: GitsopsRepository, _ arguments: [String] = []) throws -> String {
        let commit = try repo.tryGit(["commit", "-v"] + arguments, environment: ["GIT_EDITOR": "sed -i 1s/^/change/"])
        #expect(commit.status == 0, "\(commit.err)")
        return String(decoding: try repo.read(".git/COMMIT_EDITMSG"), as: UTF8.self)
    }

    @Test func showsAddedRemovedAndChangedKeysWithoutValues() throws {
        let repo = try GitsopsRepository()
        // Kubernetes manifests under secrets/k8s/: only data and stringData encrypted (Flux's rule).
        try repo.write(".sops.yaml", """
            creation_rules:
              - path_regex: ^secrets/k8s/
                encrypted_regex: ^(data|stringData)$
                age: \(repo.recipient)
              - path_regex: ^secrets/
                age: \(repo.recipient)

            """)
        try repo.write("secrets/db.env", "PASSWORD=pw-one-1a\nUSER=admin-2b\nTOKEN=tok-3c\n")
        try repo.write("secrets/k8s/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: k8s-pw-6f\n  user: k8s-user-7g\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])

        try repo.write("secrets/db.env", "PASSWORD=pw-two-4d\nUSER=admin-2b\nAPI_KEY=key-5e\n")
        try repo.write("secrets/k8s/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-main\nstringData:\n  password: k8s-pw-6f\n  user: k8s-user-8h\n")
        try repo.git(["add", "."])
        let message = try verboseCommit(repo)

        let env = Self.lines(of: "secrets/db.env", in: message)
        #expect(env.first == " " + "(gitsops: values masked: git commit -v keeps this diff in .git/COMMIT_EDITMSG; a changed value gets a new ciphertext id)",
                "\(message)")
        let password = env.filter { $0.hasPrefix("-PASSWORD: ") || $0.hasPrefix("+PASSWORD: ") }
        #expect(password.count == 2 && password[0].hasPrefix("-") && password[1].hasPrefix("+"), "\(env)")
        #expect(Set(password.compactMap(Self.id)).count == 2)
        #expect(env.contains { $0.hasPrefix(" USER: (encrypted ") }, "\(env)")
        #expect(env.contains { $0.hasPrefix("-TOKEN: (encrypted ") })
        #expect(env.contains { $0.hasPrefix("+API_KEY: (encrypted ") })
        #expect(env.allSatisfy { Self.id($0).map { $0.count == 8 } ?? true })

        let k8s = Self.lines(of: "secrets/k8s/db.yaml", in: message)
        // Values the rule leaves in clear show as stored; encrypted ones by id.
        #expect(k8s.contains("-metadata.name: db") && k8s.contains("+metadata.name: db-main"), "\(k8s)")
        #expect(k8s.contains(" kind: Secret"))
        #expect(k8s.contains { $0.hasPrefix(" stringData.password: (encrypted ") }, "\(k8s)")
        #expect(k8s.contains { $0.hasPrefix("-stringData.user: (encrypted ") } && k8s.contains { $0.hasPrefix("+stringData.user: (encrypted ") })

        for value in ["pw-one-1a", "pw-two-4d", "admin-2b", "tok-3c", "key-5e", "k8s-pw-6f", "k8s-user-7g", "k8s-user-8h"] {
            #expect(!message.contains(value), "\(value) in COMMIT_EDITMSG")
        }
    }

    /// git hands the textconv temporary copies named only by their base name; secrets of the same
    /// name in two directories are still told apart (and `commit -a -v` works the same way).
    @Test func tellsApartSecretsWithTheSameName() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/prod/app.env", "PASSWORD=prod-1a\nUSER=prod-user-2b\n")
        try repo.write("secrets/staging/app.env", "PASSWORD=staging-3c\nUSER=staging-user-4d\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])
        try repo.write("secrets/prod/app.env", "PASSWORD=prod-5e\nUSER=prod-user-2b\n")
        try repo.write("secrets/staging/app.env", "PASSWORD=staging-3c\nUSER=staging-user-6f\n")
        let message = try verboseCommit(repo, ["-a"])
        let prod = Self.lines(of: "secrets/prod/app.env", in: message)
        let staging = Self.lines(of: "secrets/staging/app.env", in: message)
        #expect(prod.contains { $0.hasPrefix(" USER: (encrypted ") } && prod.contains { $0.hasPrefix("+PASSWORD: ") }, "\(message)")
        #expect(staging.contains { $0.hasPrefix(" PASSWORD: (encrypted ") } && staging.contains { $0.hasPrefix("+USER: ") }, "\(message)")
        for value in ["prod-1a", "prod-user-2b", "staging-3c", "staging-user-4d", "prod-5e", "staging-user-6f"] {
            #expect(!message.contains(value), "\(value) in COMMIT_EDITMSG")
        }
    }
}
