import Crypto
import Foundation
import HTTP
@testable import KeySources
import TestSupport
import Testing

/// Vault transit against Tests/Servers/vault_transit.py, which checks the token per namespace,
/// the X-Vault-Request header, mounts and bodies, and answers in Vault's shapes.
@Suite struct CloudVaultTransitTests {
    static func service(_ server: TestServer, home: TemporaryDirectory, _ variables: [String: String]) -> VaultTransitKeyService {
        VaultTransitKeyService(environment: CloudEnvironment(variables: variables, homeDirectory: home.path),
                               transport: CloudTest.transport())
    }

    @Test func roundTripWithNestedEngineAndTheServerReadsEnc() async throws {
        let server = try await TestServer.start("vault_transit.py")
        defer { server.stop() }
        let home = try TemporaryDirectory()
        let service = Self.service(server, home: home, ["VAULT_TOKEN": "root-token"])
        let stanza = VaultTransitKey(vaultAddress: server.url, enginePath: "sops/transit", keyName: "firstkey")
        let dataKey = CloudTest.dataKey()
        let wrapped = try await service.wrap(dataKey, for: .vaultTransit(stanza))
        guard case .vaultTransit(let written) = wrapped else { return }
        #expect(written.enc.hasPrefix("vault:v1:"))
        #expect(UTCTime(rfc3339: written.createdAt) != nil)
        #expect(try await server.send("decrypt - sops/transit firstkey \(written.enc)")["plaintext"] as? String == CloudTest.hex(dataKey))
        #expect(try await service.unwrap(wrapped) == dataKey)
        #expect(MasterKey.vaultTransit(written).identity == "\(server.url)/v1/sops/transit/keys/firstkey")
    }

    @Test func tokenFileNamespaceAndVaultAddr() async throws {
        let server = try await TestServer.start("vault_transit.py")
        defer { server.stop() }
        let home = try TemporaryDirectory()
        let dataKey = CloudTest.dataKey()

        // ~/.vault-token (as `vault login` leaves it) when VAULT_TOKEN is unset.
        try home.file(".vault-token", contents: "root-token\n")
        let enc = try #require(try await server.send("encrypt - transit app \(CloudTest.hex(dataKey))")["enc"] as? String)
        let fromFile = Self.service(server, home: home, [:])
        #expect(try await fromFile.unwrap(.vaultTransit(VaultTransitKey(vaultAddress: server.url, enginePath: "transit", keyName: "app", enc: enc))) == dataKey)

        // A namespaced mount: only reachable with X-Vault-Namespace and that namespace's token.
        let teamEnc = try #require(try await server.send("encrypt team-a transit app \(CloudTest.hex(dataKey))")["enc"] as? String)
        let team = VaultTransitKey(vaultAddress: "", enginePath: "transit", keyName: "app", enc: teamEnc)
        let namespaced = Self.service(server, home: home, ["VAULT_TOKEN": "team-token", "VAULT_NAMESPACE": "team-a", "VAULT_ADDR": server.url])
        #expect(try await namespaced.unwrap(.vaultTransit(team)) == dataKey)
        let withoutNamespace = await CloudTest.error {
            _ = try await Self.service(server, home: home, ["VAULT_TOKEN": "team-token", "VAULT_ADDR": server.url]).unwrap(.vaultTransit(team))
        }
        #expect(withoutNamespace?.code == .failed)
        #expect(withoutNamespace?.message.contains("permission denied") == true)

        let log = try #require(try await server.send("stats")["requests"] as? [[String]])
        #expect(log.map { $0[1] } == ["", "team-a", ""])
    }

    @Test func errorsSayWhatToFix() async throws {
        let server = try await TestServer.start("vault_transit.py")
        defer { server.stop() }
        let home = try TemporaryDirectory()
        let dataKey = CloudTest.dataKey()
        let enc = try #require(try await server.send("encrypt - transit app \(CloudTest.hex(dataKey))")["enc"] as? String)
        let stanza = VaultTransitKey(vaultAddress: server.url, enginePath: "transit", keyName: "app", enc: enc)

        let none = await CloudTest.error { _ = try await Self.service(server, home: home, [:]).unwrap(.vaultTransit(stanza)) }
        #expect(none?.code == .notThisKey)

        let reader = await CloudTest.error {
            _ = try await Self.service(server, home: home, ["VAULT_TOKEN": "reader-token"]).unwrap(.vaultTransit(stanza))
        }
        #expect(reader?.code == .failed)
        #expect(reader?.message == "Vault denied transit/decrypt/app: 1 error occurred: * permission denied")
        #expect(reader?.hint?.contains("policy allows update on transit/decrypt/app") == true)

        let root = Self.service(server, home: home, ["VAULT_TOKEN": "root-token"])
        var unmounted = stanza
        unmounted.enginePath = "kv"
        let noEngine = await CloudTest.error { _ = try await root.unwrap(.vaultTransit(unmounted)) }
        #expect(noEngine?.code == .failed)
        #expect(noEngine?.message.contains("no transit engine at kv") == true)

        var otherKey = stanza
        otherKey.keyName = "never-created"
        let unknown = await CloudTest.error { _ = try await root.unwrap(.vaultTransit(otherKey)) }
        #expect(unknown?.message.contains("encryption key not found") == true)

        let blocked = await CloudTest.error {
            _ = try await Self.service(server, home: home, ["VAULT_TOKEN": "root-token", "SOPS_HC_VAULT_ALLOWLIST": "https://vault.example.org"])
                .unwrap(.vaultTransit(stanza))
        }
        #expect(blocked?.message.contains("SOPS_HC_VAULT_ALLOWLIST") == true)
        let allowed = Self.service(server, home: home, ["VAULT_TOKEN": "root-token", "SOPS_HC_VAULT_ALLOWLIST": "https://vault.example.org, \(server.url)"])
        #expect(try await allowed.unwrap(.vaultTransit(stanza)) == dataKey)

        let down = await CloudTest.error {
            _ = try await root.unwrap(.vaultTransit(VaultTransitKey(vaultAddress: "http://127.0.0.1:\(try FreePort.next())",
                                                                     enginePath: "transit", keyName: "app", enc: enc)))
        }
        #expect(down?.code == .unreachable)
    }
}
