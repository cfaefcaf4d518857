import Foundation
import Testing
import TestSupport
import LosslessYAML

/// The YAML files of `shared/fixtures/sops` parse, keep their bytes and type as sops expects.
@Suite struct SopsFixtureTests {
    static let files = ["comments.enc.yaml", "comments.yaml", "comments_list.yaml", "comments_unencrypted_comments.yaml",
                        "example.yaml", "format.enc.yaml", "functional-tests.sops.yaml", "multiple_keys.yaml",
                        "no_mac.yaml", "plainfile.yaml", "sops-root.sops.yaml"]

    @Test(arguments: files)
    func parsesAndRoundTrips(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: SharedFixtures.sops(name)))
        let stream = try YAMLStream.parse(bytes)
        #expect(stream.printed() == bytes)
        #expect(!stream.documents.isEmpty)
        _ = try stream.values()
    }

    @Test func multipleKeysOldLayout() throws {
        let bytes = Array(try Data(contentsOf: SharedFixtures.sops("multiple_keys.yaml")))
        let value = try YAMLStream.parse(bytes).values()[0]
        let sops = try #require(value["sops"])
        guard case .sequence(let pgp) = try #require(sops["pgp"]) else { Issue.record("pgp"); return }
        #expect(pgp.count == 2)
        // go-yaml v2 wrote single-quoted timestamps: they stay strings.
        if case .string = try #require(pgp[0]["created_at"]) {} else { Issue.record("created_at is not a string") }
        #expect(sops["kms"] == .sequence([]))
    }

    @Test func formatEncMetadataTyping() throws {
        let bytes = Array(try Data(contentsOf: SharedFixtures.sops("format.enc.yaml")))
        let value = try YAMLStream.parse(bytes).values()[0]
        let sops = try #require(value["sops"])
        #expect(sops["lastmodified"] == .string("2026-05-22T20:16:23Z"))
        #expect(sops["version"] == .string("3.13.1"))
    }
}
