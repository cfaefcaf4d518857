import Foundation
import KeySources
@testable import Sops
import TestSupport
import TestTraits
import Testing

/// Interop with the independent reference implementation (shared/tools/sops-ref) through real age:
/// it verifies the MAC of, and reads the same tree from, everything gitsops encrypts; gitsops
/// decrypts everything it encrypts.
@Suite(.needsSopsRef) struct InteropTests {
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

    @Test func shamirKeyGroupsBothWays() async throws {
        let input = Array("a: 1\nb: [x, y]\n---\nc: secret\n".utf8)
        let age = MasterKey.age(AgeKey(recipient: SopsRef.ageRecipient))
        let rule = CreationRule(keyGroups: [[age], [age], [age]], shamirThreshold: 2)
        let ciphertext = try await Self.ageEngine().encrypt(input, EncryptionRequest(path: "s.yaml", rule: rule))
        #expect(String(decoding: ciphertext, as: UTF8.self).contains("    shamir_threshold: 2\n"))
        let dir = try TemporaryDirectory("shamir")
        let files = try SopsRef.files([ciphertext, input], in: dir)
        let outcomes = try SopsRef.batch([
            ["decrypt", files[0], "--format", "yaml", "--typed"], ["plain", files[1], "--format", "yaml", "--typed"],
            ["encrypt", files[1], "--format", "yaml", "--group", "age=\(SopsRef.ageRecipient)", "--group", "age=\(SopsRef.ageRecipient)",
             "--shamir-threshold", "2"],
        ])
        #expect(outcomes[0].status == 0, "\(outcomes[0].err)")
        #expect(sameTree(outcomes[0].out, outcomes[1].out))
        try #require(outcomes[2].status == 0, "\(outcomes[2].err)")
        let metadata = try SopsEngine.inspect(outcomes[2].out, format: .yaml)
        #expect(metadata.keyGroups.count == 2 && metadata.shamirThreshold == 2)
        let decrypted = try await Self.ageEngine().decrypt(outcomes[2].out, format: .yaml)
        #expect(String(decoding: decrypted.plaintext, as: UTF8.self) == "a: 1\nb:\n    - x\n    - \"y\"\n---\nc: secret\n")
    }
}

/// spec §1.5 / §11.6 #4: every document of a multi-document file carries the whole metadata, and
/// each document alone, converted to JSON, decrypts without the MAC check (what Flux does).
@Suite struct PerDocumentTests {
    @Test func eachDocumentDecryptsAloneAsJSON() async throws {
        let input = Array("kind: Secret\nstringData:\n  a: one\n---\nkind: Secret\nstringData:\n  b: two\n".utf8)
        let engine = RoundTripTests.fakeEngine()
        let ciphertext = try await engine.encrypt(input, EncryptionRequest(path: "m.yaml", rule: RoundTripTests.rule(.encryptedRegex("^stringData$"))))
        let documents = try DocumentStore(format: .yaml, settings: StoreSettings()).parsePlain(ciphertext, withLayout: false).branches
        #expect(documents.count == 2)
        let blocks = documents.map { $0.first { $0.key == "sops" } }
        #expect(blocks.allSatisfy { $0 != nil })
        let expected = ["{\n\t\"kind\": \"Secret\",\n\t\"stringData\": {\n\t\t\"a\": \"one\"\n\t}\n}\n",
                        "{\n\t\"kind\": \"Secret\",\n\t\"stringData\": {\n\t\t\"b\": \"two\"\n\t}\n}\n"]
        for (document, plaintext) in zip(documents, expected) {
            let json = try JSONWriter().document(document)
            let result = try await engine.decrypt(json, format: .json, options: DecryptionOptions(verifyMAC: false))
            #expect(String(decoding: result.plaintext, as: UTF8.self) == plaintext)
            await #expect(throws: SopsError.self) { try await engine.decrypt(json, format: .json) }
        }
    }
}

/// The `age` CLI opens the data key gitsops wrapped, and gitsops opens a data key the `age` CLI wrapped.
@Suite struct AgeCLITests {
    @Test func dataKeysCrossTheAgeCLIBothWays() async throws {
        let dir = try TemporaryDirectory("age-cli")
        let identityFile = try dir.file("key.txt", contents: SopsRef.ageIdentity + "\n")
        let input = Array("A=secret\n".utf8)
        let ciphertext = try await InteropTests.ageEngine().encrypt(input, EncryptionRequest(path: "x.env", rule: InteropTests.ageRule(nil)))
        let metadata = try SopsEngine.inspect(ciphertext, format: .dotenv)
        let armored = try dir.file("enc.age", contents: metadata.keyGroups[0][0].enc)
        let opened = try Command.run("age", ["-d", "-i", identityFile.path, armored.path])
        #expect(opened.status == 0, "\(opened.err)")
        #expect(opened.stdout.count == 32)
        let viaAgeKey = SopsEngine(keyServices: KeyServices([FakeKeyService(type: .age, fixed: Array(opened.stdout))]), dataKeyCache: DataKeyCache())
        #expect(try await viaAgeKey.decrypt(ciphertext, format: .dotenv).plaintext == input)

        // Re-wrap the same data key with the age CLI and put that stanza into the file.
        let keyFile = dir.url.appendingPathComponent("datakey")
        try opened.stdout.write(to: keyFile)
        let wrapped = try Command.run("age", ["-e", "-a", "-r", SopsRef.ageRecipient, keyFile.path])
        #expect(wrapped.status == 0, "\(wrapped.err)")
        let escaped = wrapped.out.replacingOccurrences(of: "\n", with: "\\n")
        let text = String(decoding: ciphertext, as: UTF8.self).split(separator: "\n").map { line in
            line.hasPrefix("sops_age__list_0__map_enc=") ? "sops_age__list_0__map_enc=" + escaped : String(line)
        }.joined(separator: "\n") + "\n"
        #expect(text != String(decoding: ciphertext, as: UTF8.self))
        #expect(try await InteropTests.ageEngine().decrypt(Array(text.utf8), format: .dotenv).plaintext == input)
    }
}
