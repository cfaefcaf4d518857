public import Crypto

/// Wraps and unwraps data keys for one master key type (age, pgp, AWS KMS, …).
///
/// Implementations are safe to call concurrently: a checkout unwraps many files' keys at once.
public protocol KeyService: Sendable {
    /// The master key type this service handles.
    var type: MasterKeyType { get }

    /// Encrypts `secret` (a data key or a Shamir share) for `key`; returns the key with `enc`
    /// (and `createdAt`, for types that have it) filled in.
    func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey

    /// Decrypts `key.enc`. Throws `.notThisKey` when no identity available here fits the key (try
    /// the next key), anything else when a key that should work failed.
    func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes
}

/// The key services available in this process, by type.
public struct KeyServices: Sendable {
    private var services: [MasterKeyType: any KeyService]

    public init(_ services: [any KeyService] = []) {
        self.services = Dictionary(services.map { ($0.type, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Adds or replaces the service for its type.
    public mutating func register(_ service: any KeyService) { services[service.type] = service }

    /// The service for a key type, if one is registered.
    public func service(for type: MasterKeyType) -> (any KeyService)? { services[type] }

    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard let service = services[key.type] else { throw KeySourceError.unsupported(key) }
        return try await service.wrap(secret, for: key)
    }

    public func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        guard let service = services[key.type] else { throw KeySourceError.unsupported(key) }
        return try await service.unwrap(key)
    }
}
