import Crypto
import Foundation
import HTTP
@testable import KeySources
import TestSupport
import Testing
import TextEncoding

/// Cloud KMS against Tests/Servers/gcp_kms.py (HTTPS with its own CA), which verifies the
/// service account JWT (RS256 signature, kid, iss, aud, scope, lifetime) at its token endpoint,
/// checks bearer tokens and request bodies, and answers in Google's shapes.
@Suite struct CloudGCPKMSTests {
    final class Fixture: Sendable {
        let server: TestServer
        let home: TemporaryDirectory
        let prefix: String

        init() async throws {
            home = try TemporaryDirectory()
            server = try await TestServer.start("gcp_kms.py", [home.path + "/gcp"])
            prefix = try #require(server.info["resource_prefix"] as? String)
        }

        func file(_ name: String) throws -> String { try #require(server.info[name] as? String) }

        func service(_ variables: [String: String]) throws -> GCPKMSKeyService {
            var options = HTTPClient.Options()
            let ca = try #require(server.caPath)
            options.caBundlePath = ca
            var all = ["SOPS_GCP_KMS_ENDPOINT": server.url, "GCE_METADATA_HOST": "127.0.0.1:9"]
            all.merge(variables) { _, new in new }
            return GCPKMSKeyService(environment: CloudEnvironment(variables: all, homeDirectory: home.path),
                                    transport: CloudTest.transport(options))
        }

        /// A fresh data key and its stanza for `resource`, encrypted by the server itself.
        func wrappedByServer(_ resource: String) async throws -> (SecretBytes, MasterKey) {
            let dataKey = CloudTest.dataKey()
            let enc = try #require(try await server.send("encrypt \(resource) \(CloudTest.hex(dataKey))")["enc"] as? String)
            return (dataKey, .gcpKMS(GCPKMSKey(resourceID: resource, enc: enc)))
        }

        func requests() async throws -> [String] {
            try #require(try await server.send("stats")["requests"] as? [[String]]).map { $0.joined(separator: " ") }
        }
    }

    @Test func serviceAccountRoundTripAndTheServerReadsEnc() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let service = try f.service(["GOOGLE_APPLICATION_CREDENTIALS": try f.file("service-account.json")])
        let resource = f.prefix + "main"
        let dataKey = CloudTest.dataKey()
        let wrapped = try await service.wrap(dataKey, for: .gcpKMS(GCPKMSKey(resourceID: resource)))
        guard case .gcpKMS(let stanza) = wrapped else { return }
        #expect(UTCTime(rfc3339: stanza.createdAt) != nil)
        #expect(try await f.server.send("decrypt \(resource) \(stanza.enc)")["plaintext"] as? String == CloudTest.hex(dataKey))
        #expect(try await service.unwrap(wrapped) == dataKey)
        let made = try #require(try await f.server.send("encrypt \(resource) \(CloudTest.hex(dataKey))")["enc"] as? String)
        #expect(try await service.unwrap(.gcpKMS(GCPKMSKey(resourceID: resource, createdAt: stanza.createdAt, enc: made))) == dataKey)
        #expect(try await f.requests() == ["POST /token", "POST /v1/\(resource):encrypt", "POST /v1/\(resource):decrypt",
                                     "POST /v1/\(resource):decrypt"])
    }

    /// Workload identity federation (`external_account`): the subject token from a file is
    /// exchanged at STS and used directly; from a URL (JSON, with the file's headers) it is
    /// exchanged and then used to impersonate the service account. A wrong audience and an
    /// unsupported source are named errors.
    @Test func externalAccountsExchangeTheSubjectTokenAndMayImpersonate() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let resource = f.prefix + "main"
        let (dataKey, key) = try await f.wrappedByServer(resource)

        #expect(try await f.service(["GOOGLE_APPLICATION_CREDENTIALS": try f.file("external-file.json")]).unwrap(key) == dataKey)
        #expect(try await f.service(["GOOGLE_APPLICATION_CREDENTIALS": try f.file("external-url.json")]).unwrap(key) == dataKey)
        let email = "sops@gitsops-test.iam.gserviceaccount.com"
        #expect(try await f.requests() == ["POST /v1/token", "POST /v1/\(resource):decrypt",
                                     "GET /subject-token", "POST /v1/token", "POST /v1/projects/-/serviceAccounts/\(email):generateAccessToken",
                                     "POST /v1/\(resource):decrypt"])

        let original = try Data(contentsOf: URL(fileURLWithPath: try f.file("external-file.json")))
        var object = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        object["audience"] = "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/ci/providers/other"
        let wrongAudience = try f.home.file("wrong-audience.json", contents: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let refused = await CloudTest.error {
            _ = try await f.service(["GOOGLE_APPLICATION_CREDENTIALS": wrongAudience.path]).unwrap(key)
        }
        #expect(refused?.code == .credentials)
        #expect(refused?.message.contains("Google's Security Token Service refused the workload identity federation") == true,
                "\(String(describing: refused))")

        object["credential_source"] = ["environment_id": "aws1", "regional_cred_verification_url": "https://sts.{region}.amazonaws.com"]
        let aws = try f.home.file("aws-source.json", contents: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let unsupported = await CloudTest.error { _ = try await f.service(["GOOGLE_APPLICATION_CREDENTIALS": aws.path]).unwrap(key) }
        #expect(unsupported?.message.contains("only file and url credential sources are supported") == true)
    }

    @Test func otherCredentialSources() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let resource = f.prefix + "main"
        let (dataKey, key) = try await f.wrappedByServer(resource)

        // GOOGLE_CREDENTIALS holding the JSON itself.
        let json = try String(contentsOfFile: try f.file("service-account.json"), encoding: .utf8)
        #expect(try await f.service(["GOOGLE_CREDENTIALS": json]).unwrap(key) == dataKey)
        // gcloud's application default credentials (an authorized user) in CLOUDSDK_CONFIG.
        let gcloud = f.home.path + "/gcloud"
        try FileManager.default.createDirectory(atPath: gcloud, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try f.file("authorized-user.json"), toPath: gcloud + "/application_default_credentials.json")
        #expect(try await f.service(["CLOUDSDK_CONFIG": gcloud]).unwrap(key) == dataKey)
        // The metadata server.
        let metadata = try #require(f.server.info["metadata_port"] as? Int)
        #expect(try await f.service(["GCE_METADATA_HOST": "127.0.0.1:\(metadata)"]).unwrap(key) == dataKey)

        #expect(try await f.requests() == ["POST /token", "POST /v1/\(resource):decrypt", "POST /token", "POST /v1/\(resource):decrypt",
                                     "GET /computeMetadata/v1/instance/service-accounts/default/token", "POST /v1/\(resource):decrypt"])
    }

    @Test func errorsSayWhatToFix() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let dataKey = CloudTest.dataKey()
        let enc = try #require(try await f.server.send("encrypt \(f.prefix)main \(CloudTest.hex(dataKey))")["enc"] as? String)

        let none = await CloudTest.error { _ = try await f.service([:]).unwrap(.gcpKMS(GCPKMSKey(resourceID: f.prefix + "main", enc: enc))) }
        #expect(none?.code == .notThisKey)

        let badToken = await CloudTest.error {
            _ = try await f.service(["GOOGLE_OAUTH_ACCESS_TOKEN": "ya29.expired"]).unwrap(.gcpKMS(GCPKMSKey(resourceID: f.prefix + "main", enc: enc)))
        }
        #expect(badToken?.code == .credentials)
        #expect(badToken?.message.contains("UNAUTHENTICATED") == true)

        // A service account file whose key is not the one Google knows: the JWT is refused.
        let forged = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try f.file("service-account.json")))) as? [String: Any])
        var other = forged
        other["private_key"] = try RSA.PrivateKey(generatingBits: 2048).pemRepresentation
        let forgedFile = try f.home.file("forged.json", contents: String(decoding: try JSONSerialization.data(withJSONObject: other), as: UTF8.self))
        let refused = await CloudTest.error {
            _ = try await f.service(["GOOGLE_APPLICATION_CREDENTIALS": forgedFile.path]).unwrap(.gcpKMS(GCPKMSKey(resourceID: f.prefix + "main", enc: enc)))
        }
        #expect(refused?.code == .credentials)
        #expect(refused?.message.contains("Invalid JWT Signature") == true)

        let service = try f.service(["GOOGLE_APPLICATION_CREDENTIALS": try f.file("service-account.json")])
        let denied = await CloudTest.error { _ = try await service.wrap(dataKey, for: .gcpKMS(GCPKMSKey(resourceID: f.prefix + "locked"))) }
        #expect(denied?.code == .failed)
        #expect(denied?.message.contains("PERMISSION_DENIED") == true)
        #expect(denied?.message.contains("sops@gitsops-test.iam.gserviceaccount.com") == true)
        #expect(denied?.hint?.contains("roles/cloudkms.cryptoKeyEncrypterDecrypter") == true)

        let missing = await CloudTest.error { _ = try await service.unwrap(.gcpKMS(GCPKMSKey(resourceID: f.prefix + "gone", enc: enc))) }
        #expect(missing?.code == .failed)
        #expect(missing?.message.contains("NOT_FOUND") == true)

        let tampered = await CloudTest.error {
            _ = try await service.unwrap(.gcpKMS(GCPKMSKey(resourceID: f.prefix + "main", enc: Base64.encode(SecureRandom.bytes(60)))))
        }
        #expect(tampered?.code == .failed)
        #expect(tampered?.message.contains("INVALID_ARGUMENT") == true)

        let malformed = await CloudTest.error { _ = try await service.unwrap(.gcpKMS(GCPKMSKey(resourceID: "projects/p/keyRings/r", enc: enc))) }
        #expect(malformed?.code == .invalidKey)
    }

    @Test func resourceIDsAreCheckedAsSopsChecksThem() {
        #expect(GCPKMSKeyService.validResourceID("projects/p/locations/global/keyRings/r/cryptoKeys/k") != nil)
        #expect(GCPKMSKeyService.validResourceID(" projects/p/locations/l/keyRings/r/cryptoKeys/k ") == "projects/p/locations/l/keyRings/r/cryptoKeys/k")
        #expect(GCPKMSKeyService.validResourceID("projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1") == nil)
        #expect(GCPKMSKeyService.validResourceID("projects//locations/l/keyRings/r/cryptoKeys/k") == nil)
    }
}
