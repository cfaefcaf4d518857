import Foundation
import KeySources
import Sops
import TestSupport
import Testing

/// Interop with the independent reference implementation (shared/tools/sops-ref) through real age:
/// it verifies the MAC of, and reads the same tree from, everything gitsops encrypts; gitsops
/// decrypts everything it encrypts.
@Suite struct InteropTests {
    static func ageRule(_ selection: SelectionRule?, macOnlyEncrypted: Bool = false) -> CreationRule {
        CreationRule(keyGroups: [[.age(AgeKey(recipient: SopsRef.ageRecipient))]], selection: selection,
                     macOnlyEncrypted: macOnlyEncrypted)
    }

    static func ageEngine() -> SopsEngine {
        SopsEngine(keyServices: KeyServices.local(environment: ["SOPS_AGE_KEY": SopsRef.ageIdentity]), dataKeyCache: DataKeyCache())
    }

    /// Every round-trip case, also with `mac_only_encrypted`.
    static let cases: [(RoundTripTests.Case, Bool)] = RoundTripTests.cases.map { ($0, false) }
        + RoundTripTests.cases.filter { $0.format != .binary }.map { ($0, true) }

    @Test func referenceDecryptsWhatGitsopsEncrypts() async throws {
        let engine = Self.ageEngine()
        var ciphertexts: [[UInt8]] = []
        for (c, macOnly) in Self.cases {
            ciphertexts.append(try await engine.encrypt(c.input, EncryptionRequest(
                path: "f", format: c.format, rule: Self.ageRule(c.selection, macOnlyEncrypted: macOnly))))
        }
        let dir = try TemporaryDirectory("interop")
        let encFiles = try SopsRef.files(ciphertexts, in: dir)
        let plainDir = try TemporaryDirectory("interop-plain")
        let plainFiles = try SopsRef.files(Self.cases.map { $0.0.input }, in: plainDir)
        var invocations: [[String]] = []
        for (index, (c, _)) in Self.cases.enumerated() {
            invocations.append(["decrypt", encFiles[index], "--format", c.format.rawValue, "--typed"])
            invocations.append(["plain", plainFiles[index], "--format", c.format.rawValue, "--typed"])
        }
        let outcomes = try SopsRef.batch(invocations)
        for (index, (c, macOnly)) in Self.cases.enumerated() {
            let decrypted = outcomes[2 * index], plain = outcomes[2 * index + 1]
            #expect(decrypted.status == 0, "\(c.testDescription) mac_only=\(macOnly): \(decrypted.err)")
            #expect(plain.status == 0, "\(c.testDescription): \(plain.err)")
            #expect(sameTree(decrypted.out, plain.out), "\(c.testDescription) mac_only=\(macOnly)")
        }
    }

    @Test func gitsopsDecryptsWhatTheReferenceEncrypts() async throws {
        // sops_ref encrypts comment-regex rules only for the flat formats (its README).
        let cases = Self.cases.filter { c, _ in
            switch c.selection {
            case .encryptedCommentRegex?, .unencryptedCommentRegex?: c.format == .dotenv || c.format == .ini
            default: true
            }
        }
        let plainDir = try TemporaryDirectory("interop-plain")
        let plainFiles = try SopsRef.files(cases.map { $0.0.input }, in: plainDir)
        let encrypted = try SopsRef.batch(cases.enumerated().map { index, entry in
            let (c, macOnly) = entry
            var arguments = ["encrypt", plainFiles[index], "--age", SopsRef.ageRecipient, "--format", c.format.rawValue]
            if let selection = c.selection { arguments += ["--" + selection.field.replacingOccurrences(of: "_", with: "-"), selection.argument] }
            if macOnly { arguments.append("--mac-only-encrypted") }
            return arguments
        })
        let engine = Self.ageEngine()
        var decrypted: [[UInt8]] = []
        for (index, (c, _)) in cases.enumerated() {
            try #require(encrypted[index].status == 0, "sops_ref encrypt \(c.testDescription): \(encrypted[index].err)")
            let result = try await engine.decrypt(encrypted[index].out, format: c.format)
            #expect(!result.usedLayout)
            decrypted.append(result.plaintext)
        }
        // sops_ref writes canonical files (no layout): compare trees through its `plain`.
        let outDir = try TemporaryDirectory("interop-out")
        let outFiles = try SopsRef.files(decrypted, in: outDir)
        let trees = try SopsRef.batch(cases.indices.flatMap { index in
            [["plain", plainFiles[index], "--format", cases[index].0.format.rawValue, "--typed"],
             ["plain", outFiles[index], "--format", cases[index].0.format.rawValue, "--typed"]]
        })
        for (index, (c, macOnly)) in cases.enumerated() {
            #expect(sameTree(trees[2 * index].out, trees[2 * index + 1].out), "\(c.testDescription) mac_only=\(macOnly)")
        }
    }
}
