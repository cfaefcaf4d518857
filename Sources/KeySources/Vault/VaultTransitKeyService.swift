import Crypto
public import HTTP

/// HashiCorp Vault / OpenBao transit master keys (spec §7.7): `POST {vault_address}/v1/{engine_path}/encrypt/{key_name}`
/// and `…/decrypt/…`; `enc` is Vault's `vault:vN:…` ciphertext, verbatim.
///
/// Token: `VAULT_TOKEN`, else `~/.vault-token`. `VAULT_NAMESPACE` goes in `X-Vault-Namespace`.
/// `VAULT_ADDR` is used only for stanzas without an address. `SOPS_HC_VAULT_ALLOWLIST` (`all`,
/// `none`, or comma-separated URL prefixes) restricts the addresses used, as in sops.
public final class VaultTransitKeyService: KeyService {
    public let type = MasterKeyType.hcVault
    private let environment: CloudEnvironment
    private let transport: CloudTransport
    private let clock: @Sendable () -> UTCTime

    public init(environment: CloudEnvironment, transport: CloudTransport,
                clock: @escaping @Sendable () -> UTCTime = { UTCTime.now() }) {
        self.environment = environment
        self.transport = transport
        self.clock = clock
    }

    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard case .vaultTransit(var stanza) = key else { throw KeySourceError.unsupported(key) }
        let response = try await call("encrypt", .object([("plaintext", .base64Secret(secret, .standard))]), stanza: stanza,
                                      key: key.identity, missing: .credentials)
        guard let ciphertext = response.json()?.root["data"]?["ciphertext"]?.string, ciphertext.hasPrefix("vault:") else {
            throw KeySourceError(.failed, key: key.identity, "Vault answered encrypt without a vault: ciphertext")
        }
        stanza.enc = ciphertext
        if stanza.createdAt.isEmpty { stanza.createdAt = clock().rfc3339 }
        return .vaultTransit(stanza)
    }

    public func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        guard case .vaultTransit(let stanza) = key else { throw KeySourceError.unsupported(key) }
        guard stanza.enc.hasPrefix("vault:") else {
            throw KeySourceError(.invalidKey, key: key.identity, "the stanza's enc is not a Vault ciphertext (vault:v1:…)")
        }
        let response = try await call("decrypt", .object([("ciphertext", .string(stanza.enc))]), stanza: stanza,
                                      key: key.identity, missing: .notThisKey)
        guard let plaintext = response.json()?.root["data"]?["plaintext"]?.secret(), !plaintext.isEmpty else {
            throw KeySourceError(.failed, key: key.identity, "Vault answered decrypt without a plaintext")
        }
        return plaintext
    }

    private func token(key: String) throws(KeySourceError) -> String? {
        if let token = environment["VAULT_TOKEN"] { return token }
        do {
            return try environment.readTextFile("~/.vault-token").flatMap { $0.isEmpty ? nil : $0 }
        } catch {
            throw KeySourceError(.credentials, key: key, error.description)
        }
    }

    /// Whether `SOPS_HC_VAULT_ALLOWLIST` lets gitsops talk to `address`.
    func allows(_ address: String) -> Bool {
        let list = environment["SOPS_HC_VAULT_ALLOWLIST"] ?? "all"
        if list == "all" { return true }
        if list == "none" { return false }
        return list.split(separator: ",").map { $0.trimmedWhitespace }.contains { !$0.isEmpty && address.hasPrefix($0) }
    }

    private func call(_ operation: String, _ body: JSONBody, stanza: VaultTransitKey, key: String,
                      missing: KeySourceError.Code) async throws(KeySourceError) -> HTTPResponse {
        var address = stanza.vaultAddress.isEmpty ? (environment["VAULT_ADDR"] ?? "") : stanza.vaultAddress
        while address.hasSuffix("/") { address.removeLast() }
        let engine = stanza.enginePath.split(separator: "/").map { HTTPURL.percentEncode(String($0)) }.joined(separator: "/")
        guard !engine.isEmpty, !stanza.keyName.isEmpty,
              let url = HTTPURL("\(address)/v1/\(engine)/\(operation)/\(HTTPURL.percentEncode(stanza.keyName))") else {
            throw KeySourceError(.invalidKey, key: key, "vault_address, engine_path and key_name must form a Vault URL")
        }
        guard allows(address) else {
            throw KeySourceError(.failed, key: key, "\(address) is not in SOPS_HC_VAULT_ALLOWLIST")
        }
        guard let token = try token(key: key) else {
            throw KeySourceError(missing, key: key, "no Vault token found", hint: "set VAULT_TOKEN or log in with `vault login` (~/.vault-token)")
        }
        var headers = [HTTPHeader("X-Vault-Token", token), HTTPHeader("X-Vault-Request", "true")]
        if let namespace = environment["VAULT_NAMESPACE"] { headers.append(HTTPHeader("X-Vault-Namespace", namespace)) }
        let outcome = try await transport.send { HTTPRequest.json(url, body, headers: headers) }
        let response = try outcome.response(service: "Vault", key: key)
        guard !response.isSuccess else { return response }
        let detail = CloudErrorText.detail(response)
        let path = "\(stanza.enginePath)/\(operation)/\(stanza.keyName)"
        switch response.status {
        case 403:
            throw KeySourceError(.failed, key: key, "Vault denied \(path): \(detail)",
                                 hint: "check that VAULT_TOKEN is valid\(environment["VAULT_NAMESPACE"].map { " in namespace \($0)" } ?? "") and its policy allows update on \(path)")
        case 404:
            throw KeySourceError(.failed, key: key, "Vault has no transit engine at \(stanza.enginePath): \(detail)")
        case 429, 500...599:
            throw KeySourceError(.unreachable, key: key, "Vault kept answering \(detail) (\(outcome.attempts) attempts)",
                                 hint: "Vault may be sealed or overloaded; try again later")
        default:
            throw KeySourceError(.failed, key: key, "Vault \(operation) on \(path) failed: \(detail)")
        }
    }
}
