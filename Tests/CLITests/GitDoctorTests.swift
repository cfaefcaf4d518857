import Foundation
import TestSupport
import Testing

/// `gitsops doctor`: a healthy repository passes; each gap is named with its fix.
@Suite struct GitDoctorTests {
    @Test func aSetUpRepositoryWithTheKeyIsHealthy() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "password: doctor-1a\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "a"])
        let result = try repo.gitsops(["doctor"])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out == """
            ok   filter, diff and merge drivers are configured (gitsops)
            ok   the pre-commit hook runs gitsops
            ok   the pre-push hook runs gitsops
            ok   1 tracked file is routed to the gitsops filter
            ok   .sops.yaml has a creation rule for every filtered file
            ok   a key here decrypts 1 file encrypted for age:\(repo.recipient)

            """)
    }

    @Test func aCloneWithoutSetupOrKeyGetsAFixForEachGap() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "password: doctor-2b\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "a"])
        try repo.git(["clone", "-q", repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        let result = try repo.gitsops(["doctor"], in: "clone", environment: repo.withoutKey)
        #expect(result.status == 1)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("FAIL git config lacks filter.gitsops.process") })
        #expect(lines.contains("     fix: run `gitsops init`"))
        #expect(lines.contains("FAIL no pre-commit hook"))
        #expect(lines.contains { $0.hasPrefix("FAIL no key here decrypts 1 file encrypted for age:") })
        #expect(lines.contains { $0.hasPrefix("     fix: set SOPS_AGE_KEY_FILE") })
    }
}
