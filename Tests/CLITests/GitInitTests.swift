import Foundation
import GitFilter
import TestSupport
import Testing

/// `gitsops init`: what it writes, that it says so, and that a second run changes nothing.
@Suite struct GitInitTests {
    @Test func configuresTheRepositoryFromASubfolderAndSaysWhat() throws {
        let repo = try GitsopsRepository(initialize: false)
        try FileManager.default.createDirectory(at: repo.sandbox.url("repo/deep/er"), withIntermediateDirectories: true)
        let result = try repo.gitsops(["init", "--age", repo.recipient], in: "repo/deep/er")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == """
            added `secrets/** filter=gitsops diff=gitsops merge=gitsops -text` to .gitattributes
            set git config filter.gitsops.process = gitsops filter-process
            set git config filter.gitsops.required = true
            set git config filter.gitsops.clean = gitsops clean %f
            set git config filter.gitsops.smudge = gitsops smudge %f
            set git config diff.gitsops.textconv = gitsops textconv
            set git config merge.gitsops.name = gitsops: merge the decrypted documents
            set git config merge.gitsops.driver = gitsops merge-driver --marker-size %L --base-label=%S --ours-label=%X --theirs-label=%Y %O %A %B %P
            set git config gitsops.program = gitsops
            installed the pre-commit hook
            installed the pre-push hook
            wrote .sops.yaml: files matching secrets/** are encrypted for 1 age recipient (YAML manifests: data and stringData only, as Flux needs)

            """)
        #expect(String(decoding: try repo.read(".gitattributes"), as: UTF8.self) == "secrets/** filter=gitsops diff=gitsops merge=gitsops -text\n")
        #expect(String(decoding: try repo.read(".sops.yaml"), as: UTF8.self)
            == """
                creation_rules:
                  # Kubernetes manifests: Flux needs apiVersion, kind and metadata in clear
                  - path_regex: '^secrets/.*\\.ya?ml$'
                    encrypted_regex: '^(data|stringData)$'
                    age: \(repo.recipient)
                  # everything else: every value encrypted
                  - path_regex: '^secrets/.*$'
                    age: \(repo.recipient)

                """)
        let hook = repo.sandbox.url("repo/.git/hooks/pre-commit")
        #expect(try String(contentsOf: hook, encoding: .utf8) == Hooks.preCommit)
        #expect(FileManager.default.isExecutableFile(atPath: hook.path))

        let again = try repo.gitsops(["init", "--age", repo.recipient], in: "repo/deep")
        #expect(again.status == 0)
        #expect(again.out == "gitsops is already set up in this repository\n")
    }

    @Test func keepsWhatTheUserWroteAndAddsOtherPatterns() throws {
        let repo = try GitsopsRepository(initialize: false)
        try repo.write(".gitattributes", "*.png binary")
        try repo.write(".sops.yaml", "creation_rules:\n  - age: \(repo.recipient)\n")
        try repo.write(".git/hooks/pre-commit", "#!/bin/sh\nexec make lint\n")
        try repo.git(["config", "diff.gitsops.cachetextconv", "true"])
        let result = try repo.gitsops(["init", "--pattern", "deploy/*.enc.yaml", "--pattern", "config/secret.env"])
        #expect(result.status == 0, "\(result.err)")
        #expect(String(decoding: try repo.read(".gitattributes"), as: UTF8.self) == """
            *.png binary
            deploy/*.enc.yaml filter=gitsops diff=gitsops merge=gitsops -text
            config/secret.env filter=gitsops diff=gitsops merge=gitsops -text

            """)
        #expect(String(decoding: try repo.read(".sops.yaml"), as: UTF8.self) == "creation_rules:\n  - age: \(repo.recipient)\n")
        #expect(String(decoding: try repo.read(".git/hooks/pre-commit"), as: UTF8.self) == "#!/bin/sh\nexec make lint\n")
        #expect(result.out.contains("kept your own pre-commit hook"))
        #expect(result.out.contains("set git config diff.gitsops.cachetextconv = false"))
        #expect(try repo.git(["config", "diff.gitsops.cachetextconv"]).out == "false\n")
        // The custom patterns really route files through the filter.
        try repo.write("deploy/api.enc.yaml", "token: tok-pattern-1a2b\n")
        try repo.git(["add", "."])
        #expect(String(decoding: try repo.stored("deploy/api.enc.yaml", at: ""), as: UTF8.self).contains("sops:"))
    }

    @Test func writesTheAbsolutePathWhenGitsopsIsNotOnPath() throws {
        let repo = try GitsopsRepository(initialize: false)
        let result = try repo.gitsops(["init"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.err)")
        let program = try repo.git(["config", "gitsops.program"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(program == GitsopsBinary.url.resolvingSymlinksInPath().path)
        #expect(try repo.git(["config", "filter.gitsops.process"]).out == "\(program) filter-process\n")
        #expect(result.out.contains("no .sops.yaml yet"))
    }

    @Test func refusesAMalformedRecipient() throws {
        let repo = try GitsopsRepository(initialize: false)
        let result = try repo.gitsops(["init", "--age", "age1nope"])
        #expect(result.status == 1)
        #expect(result.err.contains("malformed recipient \"age1nope\""))
        #expect(!FileManager.default.fileExists(atPath: repo.sandbox.url("repo/.gitattributes").path))
    }

    @Test func outsideARepositoryItSaysSo() throws {
        let dir = try TemporaryDirectory()
        let result = try GitsopsBinary.run(["init"], in: dir.url, environment: ["GIT_CEILING_DIRECTORIES": dir.url.deletingLastPathComponent().path])
        #expect(result.status == 1)
        #expect(result.err.contains("not a git repository"))
    }

    @Test func theShippedHooksAreTheOnesInstalled() throws {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("hooks/pre-commit").path) { dir.deleteLastPathComponent() }
        for (name, script) in [("pre-commit", Hooks.preCommit), ("pre-push", Hooks.prePush), ("pre-receive", Hooks.preReceive)] {
            #expect(try String(contentsOf: dir.appendingPathComponent("hooks/" + name), encoding: .utf8) == script, "hooks/\(name)")
        }
    }
}

/// Adopting gitsops in a repository whose secrets were committed in clear.
@Suite struct GitAdoptionTests {
    @Test func initPointsAtPlaintextAlreadyCommittedAndRenormalizeEncryptsIt() throws {
        let repo = try GitsopsRepository(initialize: false)
        try repo.write("secrets/old.yaml", "kind: Secret\nstringData:\n  password: committed-in-clear-1a\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "before gitsops"])
        let result = try repo.gitsops(["init", "--age", repo.recipient])
        #expect(result.out.contains("1 tracked file is stored unencrypted (secrets/old.yaml): run `git add --renormalize .`"), "\(result.out)")
        try repo.git(["add", "--renormalize", "."])
        try repo.git(["add", ".gitattributes", ".sops.yaml"])
        try repo.git(["commit", "-q", "-m", "encrypt"])
        #expect(String(decoding: try repo.stored("secrets/old.yaml"), as: UTF8.self).contains("ENC[AES256_GCM"))
        #expect(try repo.read("secrets/old.yaml") == Array("kind: Secret\nstringData:\n  password: committed-in-clear-1a\n".utf8))
        #expect(try repo.gitsops(["check", "--rev", "HEAD"]).status == 0)
        #expect(try repo.git(["status", "--porcelain"]).out == "")
    }
}
