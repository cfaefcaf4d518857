import Crypto
import Foundation
import HTTP
import KeySources
import TestSupport
import Testing

@Suite struct CloudKeyServicesTests {
    @Test func registersOneServicePerCloudType() {
        var services = KeyServices()
        CloudKeyServices.register(into: &services, environment: CloudEnvironment(variables: [:], homeDirectory: "/nonexistent"))
        for type in [MasterKeyType.kms, .gcpKMS, .azureKV, .hcVault] {
            #expect(services.service(for: type)?.type == type)
        }
        #expect(services.service(for: .age) == nil)
    }

    /// The registry routes a Vault stanza to the Vault service, whose client trusts VAULT_CACERT
    /// (and only that service's client does).
    @Test func routesThroughTheRegistryWithTheServicesOwnCA() async throws {
        let home = try TemporaryDirectory()
        let server = try await TestServer.start("vault_transit.py", ["--tls", home.path + "/tls"])
        defer { server.stop() }
        let stanza = MasterKey.vaultTransit(VaultTransitKey(vaultAddress: server.url, enginePath: "transit", keyName: "k"))
        let dataKey = SecureRandom.secret(32)

        var services = KeyServices()
        CloudKeyServices.register(into: &services, environment: CloudEnvironment(
            variables: ["VAULT_TOKEN": "root-token", "VAULT_CACERT": "~/tls/ca.pem"], homeDirectory: home.path))
        let wrapped = try await services.wrap(dataKey, for: stanza)
        #expect(try await services.unwrap(wrapped) == dataKey)

        var untrusting = KeyServices()
        CloudKeyServices.register(into: &untrusting, environment: CloudEnvironment(
            variables: ["VAULT_TOKEN": "root-token", "AWS_CA_BUNDLE": "~/tls/ca.pem"], homeDirectory: home.path))
        let error = await #expect(throws: KeySourceError.self) { try await untrusting.unwrap(wrapped) }
        #expect(error?.code == .unreachable)
        #expect(error?.hint?.contains("certificate") == true)
    }
}
