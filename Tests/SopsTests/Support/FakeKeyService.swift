import Crypto
import KeySources
import Synchronization

/// A key service for tests that needs no real keys: `wrap` stores the secret as hex in `enc`
/// (prefixed `fake:`), `unwrap` reads it back; `fixed` answers every unwrap with one data key (the
/// §11.2 fixture keys, injected). Counts unwraps so tests can check the process-wide cache.
final class FakeKeyService: KeyService, @unchecked Sendable {
    let type: MasterKeyType
    private let fixed: SecretBytes?
    private let lock = NSLockLike()
    private var unwrapCount = 0
    private let refuse: Set<String>

    init(type: MasterKeyType = .pgp, fixed: [UInt8]? = nil, refuse: Set<String> = []) {
        self.type = type
        self.fixed = fixed.map { SecretBytes($0) }
        self.refuse = refuse
    }

    var unwraps: Int { lock.withLock { unwrapCount } }

    func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        let enc = "fake:" + secret.unsafeArray().map { String($0, radix: 16).leftPadded(2) }.joined()
        switch key {
        case .pgp(var k): k.enc = enc; k.createdAt = "2025-01-01T00:00:00Z"; return .pgp(k)
        case .age(var k): k.enc = enc; return .age(k)
        case .awsKMS(var k): k.enc = enc; k.createdAt = "2025-01-01T00:00:00Z"; return .awsKMS(k)
        default: throw KeySourceError(.unsupported, key: key.identity, "fake service cannot wrap this type")
        }
    }

    func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        lock.withLock { unwrapCount += 1 }
        if refuse.contains(key.identity) { throw KeySourceError(.notThisKey, key: key.identity, "no identity for this key (fake)") }
        if let fixed { return fixed }
        guard key.enc.hasPrefix("fake:") else { throw KeySourceError(.notThisKey, key: key.identity, "not a fake stanza") }
        let hex = Array(key.enc.dropFirst(5))
        return SecretBytes(stride(from: 0, to: hex.count, by: 2).map { UInt8(String(hex[$0...$0 + 1]), radix: 16)! })
    }
}

/// A minimal lock for test bookkeeping.
final class NSLockLike: Sendable {
    private let mutex = Mutex(())
    func withLock<T: Sendable>(_ body: () -> T) -> T { mutex.withLock { _ in body() } }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

