import Foundation
import KeySources
import Sops
import TestSupport
import Testing
import TextEncoding

/// spec §11.2: every sops-written fixture decrypts to the expected bytes with the MAC verified.
@Suite struct FixtureTests {
    @Test(arguments: SopsFixture.all)
    func decryptsWithInjectedDataKey(_ fixture: SopsFixture) async throws {
        let result = try await engine(injecting: fixture.dataKeyHex).decrypt(try fixture.bytes, format: fixture.format)
        #expect(String(decoding: result.plaintext, as: UTF8.self) == fixture.expected)
        #expect(!result.usedLayout)
    }

    @Test(arguments: SopsFixture.all)
    func aWrongDataKeyFails(_ fixture: SopsFixture) async throws {
        let wrong = String(fixture.dataKeyHex.reversed())
        await #expect(throws: SopsError.self) {
            _ = try await engine(injecting: wrong).decrypt(try fixture.bytes, format: fixture.format)
        }
    }

    @Test(arguments: SopsFixture.all)
    func metadataIsReadableWithoutKeys(_ fixture: SopsFixture) throws {
        let metadata = try SopsEngine.inspect(try fixture.bytes, format: fixture.format)
        #expect(metadata.keyGroups.count == 1)
        #expect(metadata.keyGroups[0].allSatisfy { $0.type == .pgp })
        #expect(metadata.keyGroups[0].first?.identity == "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4")
        #expect(try SopsEngine.unencryptedPaths(try fixture.bytes, format: fixture.format) == [])
        #expect(SopsEngine.isSopsDocument(try fixture.bytes, format: fixture.format))
    }

    @Test func noMACFailsUnlessTheMACCheckIsSkipped() async throws {
        let fixture = SopsFixture.noMAC
        await #expect { try await engine(injecting: fixture.dataKeyHex).decrypt(try fixture.bytes, format: .yaml) } throws: { error in
            // Never the computed digest: an unkeyed hash of the values (spelled out by sops itself).
            (error as? SopsError)?.description == "MAC mismatch: the file has no MAC"
        }
        let result = try await engine(injecting: fixture.dataKeyHex).decrypt(try fixture.bytes, format: .yaml,
                                                                            options: DecryptionOptions(verifyMAC: false))
        #expect(String(decoding: result.plaintext, as: UTF8.self) == fixture.expected)
    }

    @Test func clearCommentsFromOldFilesDecryptWithAWarning() async throws {
        let fixture = SopsFixture.yaml[2]
        let result = try await engine(injecting: fixture.dataKeyHex).decrypt(try fixture.bytes, format: .yaml)
        #expect(result.warnings.count == 2)
    }
}

/// The same fixtures through real gpg: the functional-test key imported into a temporary GNUPGHOME.
@Suite struct GPGFixtureTests {
    @Test func everyFixtureDecryptsThroughGPG() async throws {
        let home = try GnuPGHome()
        let environment = ["GNUPGHOME": home.path, "PATH": "/usr/local/bin:/usr/bin:/bin"]
        let engine = SopsEngine(keyServices: KeyServices.local(environment: environment), environment: environment,
                                dataKeyCache: DataKeyCache())
        for fixture in SopsFixture.all {
            let result = try await engine.decrypt(try fixture.bytes, format: fixture.format)
            #expect(String(decoding: result.plaintext, as: UTF8.self) == fixture.expected, "\(fixture.file)")
        }
    }
}
