import Crypto
import Foundation
import HTTP
@testable import KeySources
import TestSupport
import Testing
import TextEncoding

/// Azure Key Vault against Tests/Servers/azure_keyvault.py (HTTPS with its own CA), which checks
/// paths, api-version, bearer tokens, body shape and algorithm as Key Vault does, answers in
/// Key Vault's shapes, and holds the RSA private keys (so it can tell what we encrypted).
@Suite struct CloudAzureKeyVaultTests {
    final class Fixture: Sendable {
        let server: TestServer
        let home: TemporaryDirectory
        let tenant: String
        let versions: [String: String]

        init() async throws {
            home = try TemporaryDirectory()
            server = try await TestServer.start("azure_keyvault.py", [home.path + "/tls"])
            tenant = try #require(server.info["tenant"] as? String)
            versions = try #require(server.info["versions"] as? [String: String])
        }

        func stanza(_ name: String = "sops", enc: String = "") -> AzureKeyVaultKey {
            AzureKeyVaultKey(vaultURL: server.url, name: name, version: versions[name] ?? "0", enc: enc)
        }

        func service(_ variables: [String: String]) throws -> AzureKeyVaultKeyService {
            var options = HTTPClient.Options()
            let ca = try #require(server.caPath)
            options.caBundlePath = ca
            var all = ["AZURE_AUTHORITY_HOST": server.url, "AZURE_POD_IDENTITY_AUTHORITY_HOST": "http://127.0.0.1:9"]
            all.merge(variables) { _, new in new }
            return AzureKeyVaultKeyService(environment: CloudEnvironment(variables: all, homeDirectory: home.path),
                                           transport: CloudTest.transport(options))
        }

        func clientSecret(_ client: String = "sops-app", _ secret: String? = nil) -> [String: String] {
            ["AZURE_TENANT_ID": tenant, "AZURE_CLIENT_ID": client,
             "AZURE_CLIENT_SECRET": secret ?? (server.info["clients"] as? [String: String])?[client] ?? ""]
        }

        func requests() async throws -> [String] {
            try #require(try await server.send("stats")["requests"] as? [[String]]).map { $0.joined(separator: " ") }
        }
    }

    @Test func clientSecretRoundTripAndTheServerReadsEnc() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let service = try f.service(f.clientSecret())
        let dataKey = CloudTest.dataKey()
        let wrapped = try await service.wrap(dataKey, for: .azureKeyVault(f.stanza()))
        guard case .azureKeyVault(let stanza) = wrapped else { return }
        #expect(UTCTime(rfc3339: stanza.createdAt) != nil)
        // enc is unpadded base64url of an RSA-OAEP-256 ciphertext under the vault key: the server's
        // oracle decodes it strictly and decrypts it with the private key.
        #expect(!stanza.enc.contains("=") && !stanza.enc.contains("+") && !stanza.enc.contains("/"))
        #expect(try await f.server.send("decrypt sops \(stanza.enc)")["plaintext"] as? String == CloudTest.hex(dataKey))
        #expect(try await service.unwrap(wrapped) == dataKey)

        // What sops wrote (the server encrypts as sops' stanza stores it) decrypts here.
        let sopsEnc = try #require(try await f.server.send("encrypt sops \(CloudTest.hex(dataKey))")["enc"] as? String)
        #expect(try await service.unwrap(.azureKeyVault(f.stanza(enc: sopsEnc))) == dataKey)

        // A stanza without a version (a `.sops.yaml` key URL without one) gets the current version.
        var unversioned = f.stanza()
        unversioned.version = ""
        guard case .azureKeyVault(let current) = try await service.wrap(dataKey, for: .azureKeyVault(unversioned)) else { return }
        #expect(current.version == f.versions["sops"])

        // One token for all four operations.
        let version = f.versions["sops"]!
        #expect(try await f.requests() == ["POST /\(f.tenant)/oauth2/v2.0/token", "POST /keys/sops/\(version)/encrypt",
                                           "POST /keys/sops/\(version)/decrypt", "POST /keys/sops/\(version)/decrypt",
                                           "POST /keys/sops/encrypt"])
    }

    @Test func workloadIdentityAndManagedIdentityTokens() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let dataKey = CloudTest.dataKey()
        let enc = try #require(try await f.server.send("encrypt sops \(CloudTest.hex(dataKey))")["enc"] as? String)
        let key = MasterKey.azureKeyVault(f.stanza(enc: enc))

        let federated = try #require((f.server.info["federated"] as? [String: String])?["workload-app"])
        let tokenFile = try f.home.file("azure-identity-token", contents: federated + "\n")
        let workload = try f.service(["AZURE_TENANT_ID": f.tenant, "AZURE_CLIENT_ID": "workload-app",
                                      "AZURE_FEDERATED_TOKEN_FILE": tokenFile.path])
        #expect(try await workload.unwrap(key) == dataKey)

        let appService = try f.service(["IDENTITY_ENDPOINT": f.server.url + "/msi/token",
                                        "IDENTITY_HEADER": try #require(f.server.info["identity_header"] as? String)])
        #expect(try await appService.unwrap(key) == dataKey)

        let imds = try f.service(["AZURE_POD_IDENTITY_AUTHORITY_HOST": f.server.url])
        #expect(try await imds.unwrap(key) == dataKey)

        let version = f.versions["sops"]!
        #expect(try await f.requests() == ["POST /\(f.tenant)/oauth2/v2.0/token", "POST /keys/sops/\(version)/decrypt",
                                     "GET /msi/token", "POST /keys/sops/\(version)/decrypt",
                                     "GET /metadata/identity/oauth2/token", "POST /keys/sops/\(version)/decrypt"])
    }

    /// Signed in with `az login` and nothing else configured: the Azure CLI's token is used, asked
    /// for once with the vault's resource and the tenant; a failing `az` says to sign in again, and
    /// without `az` on PATH there is simply no credential.
    @Test func azureCLILoginComesAfterManagedIdentity() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let dataKey = CloudTest.dataKey()
        let enc = try #require(try await f.server.send("encrypt sops \(CloudTest.hex(dataKey))")["enc"] as? String)
        let token = try #require(try await f.server.send("issue cli-user")["token"] as? String)
        let calls = f.home.url.appendingPathComponent("az-calls").path
        let signedIn = try f.home.file("signed-in/az", contents: """
            #!/bin/sh
            echo "$*" >> \(calls)
            printf '{"accessToken": "%s", "expiresOn": "2999-01-01 00:00:00.000000", "expires_on": 32472144000, "tokenType": "Bearer"}' \(token)
            """)
        let signedOut = try f.home.file("signed-out/az", contents: """
            #!/bin/sh
            echo "ERROR: Please run 'az login' to setup account." >&2
            exit 1
            """)
        for script in [signedIn, signedOut] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        let key = MasterKey.azureKeyVault(f.stanza(enc: enc))

        let service = try f.service(["PATH": signedIn.deletingLastPathComponent().path + ":/usr/bin:/bin", "AZURE_TENANT_ID": f.tenant])
        #expect(try await service.unwrap(key) == dataKey)
        _ = try await service.wrap(dataKey, for: .azureKeyVault(f.stanza()))
        let resource = AzureKeyVaultKeyService.resource(for: try #require(HTTPURL(f.server.url + "/keys/sops")))
        #expect(try String(contentsOfFile: calls, encoding: .utf8)
            == "account get-access-token --output json --resource \(resource) --tenant \(f.tenant)\n", "asked once")

        let failing = await CloudTest.error {
            _ = try await f.service(["PATH": signedOut.deletingLastPathComponent().path + ":/usr/bin:/bin"]).unwrap(key)
        }
        #expect(failing?.code == .credentials)
        #expect(failing?.message == "Azure CLI: command `\(signedOut.path)` exited with status 1", "\(String(describing: failing))")
        #expect(failing?.hint?.contains("az login") == true)

        let noCLI = await CloudTest.error { _ = try await f.service(["PATH": "/usr/bin:/bin"]).unwrap(key) }
        #expect(noCLI?.code == .notThisKey)
    }

    @Test func errorsSayWhatToFix() async throws {
        let f = try await Fixture()
        defer { f.server.stop() }
        let dataKey = CloudTest.dataKey()
        let enc = try #require(try await f.server.send("encrypt sops \(CloudTest.hex(dataKey))")["enc"] as? String)

        // No credential of any kind (the metadata address leads nowhere): not this key.
        let none = await CloudTest.error { _ = try await f.service([:]).unwrap(.azureKeyVault(f.stanza(enc: enc))) }
        #expect(none?.code == .notThisKey)
        let noneWrap = await CloudTest.error { _ = try await f.service([:]).wrap(dataKey, for: .azureKeyVault(f.stanza())) }
        #expect(noneWrap?.code == .credentials)

        let badSecret = await CloudTest.error {
            _ = try await f.service(f.clientSecret("sops-app", "wrong")).unwrap(.azureKeyVault(f.stanza(enc: enc)))
        }
        #expect(badSecret?.code == .credentials)
        #expect(badSecret?.message.contains("AADSTS7000215") == true)

        let reader = await CloudTest.error { _ = try await f.service(f.clientSecret("reader")).unwrap(.azureKeyVault(f.stanza(enc: enc))) }
        #expect(reader?.code == .failed)
        #expect(reader?.message.contains("denied decrypt on key sops as client secret of reader") == true)
        #expect(reader?.message.contains("ForbiddenByRbac") == true)
        #expect(reader?.hint?.contains("Key Vault Crypto User") == true)

        let service = try f.service(f.clientSecret())
        let keyOps = await CloudTest.error { _ = try await service.wrap(dataKey, for: .azureKeyVault(f.stanza("signing-only"))) }
        #expect(keyOps?.code == .failed)
        #expect(keyOps?.message.contains("KeyOperationForbidden") == true)

        var wrongVersion = f.stanza(enc: enc)
        wrongVersion.version = "00000000000000000000000000000000"
        let missing = await CloudTest.error { _ = try await service.unwrap(.azureKeyVault(wrongVersion)) }
        #expect(missing?.code == .failed)
        #expect(missing?.message.contains("KeyNotFound") == true)

        // Another key's ciphertext: Key Vault cannot decrypt it.
        let foreign = Base64.encode(SecureRandom.bytes(256), .url)
        let tampered = await CloudTest.error { _ = try await service.unwrap(.azureKeyVault(f.stanza(enc: foreign))) }
        #expect(tampered?.code == .failed)
        #expect(tampered?.message.contains("BadParameter") == true)

        let notBase64 = await CloudTest.error { _ = try await service.unwrap(.azureKeyVault(f.stanza(enc: "a+b/c=="))) }
        #expect(notBase64?.code == .invalidKey)
    }

    @Test func tokenResourceFollowsTheVaultsCloud() throws {
        #expect(AzureKeyVaultKeyService.resource(for: try #require(HTTPURL("https://v.vault.azure.net/keys/k/1"))) == "https://vault.azure.net")
        #expect(AzureKeyVaultKeyService.resource(for: try #require(HTTPURL("https://v.vault.azure.cn/keys/k/1"))) == "https://vault.azure.cn")
        #expect(AzureKeyVaultKeyService.resource(for: try #require(HTTPURL("https://h.managedhsm.azure.net/keys/k"))) == "https://managedhsm.azure.net")
    }
}
