import Foundation
@testable import GitFilter
import Sops
import TestSupport
import Testing

/// The `path_regex` that `gitsops init` writes for a `.gitattributes` pattern matches exactly the
/// paths git routes to the filter (git's wildmatch, asked through `git check-attr`).
@Suite struct GlobPatternTests {
    static let patterns = [
        "secrets/**", "env/[a-c]*/creds.env", "env/[!a-c]*/x", "env/[^a]?/y", "*.enc.yaml", "conf/?.env",
        "deploy/**/secret-*.yaml", "a/[[:digit:]]/b", #"x/\*literal"#, "[]z]y", "v/[a-]/w",
    ]
    static let paths = [
        "secrets/a.yaml", "secrets/x/y.env", "env/b1/creds.env", "env/d1/creds.env", "env/a/b/creds.env", "env/d1/x",
        "env/a1/x", "env/b/x", "env/ab/y", "env/bb/y", "top.enc.yaml", "sub/dir/file.enc.yaml", "conf/a.env", "conf/ab.env",
        "deploy/secret-a.yaml", "deploy/x/y/secret-b.yaml", "a/5/b", "a/x/b", "x/*literal", "x/aliteral", "]y", "zy", "xy",
        "v/-/w", "v/a/w", "v/b/w",
    ]

    @Test(arguments: patterns)
    func theRuleMatchesWhatGitMatches(pattern: String) throws {
        let sandbox = try GitSandbox("gitsops-glob")
        try sandbox.initRepository()
        try sandbox.write("repo/.gitattributes", "\(pattern) filter=gitsops\n")
        let answer = try sandbox.git(["check-attr", "--stdin", "filter"], stdin: Data(Self.paths.joined(separator: "\n").utf8)).out
        let routed = Set(answer.split(separator: "\n").filter { $0.hasSuffix(": filter: gitsops") }.map { String($0.dropLast(": filter: gitsops".count)) })
        let regex = GlobPattern.regex(pattern)
        let config = try SopsConfig(parsing: Array("creation_rules:\n  - path_regex: '\(regex.replacing("'", with: "''"))'\n    age: age1x\n".utf8),
                                    path: "/.sops.yaml")
        for path in Self.paths {
            let matched = (try? config.rule(for: "/" + path)) != nil
            #expect(matched == routed.contains(path), "\(pattern) as \(regex) on \(path): git \(routed.contains(path)), rule \(matched)")
        }
    }
}
