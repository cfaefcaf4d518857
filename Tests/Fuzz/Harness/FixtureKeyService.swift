import Crypto
import Foundation
import KeySources
import Sops
import TestSupport
import TextEncoding

/// A key service that needs no real keys. It knows the data keys of the shared sops fixtures
/// (spec/sops-format.md §11.2) by their stanzas' `enc`, so documents the fuzzer derives from the
/// fixtures decrypt without PGP; it wraps new data keys as `fake:<hex>` and unwraps those too.
struct FixtureKeyService: KeyService {
    let type: MasterKeyType

    /// The engine the Sops harnesses use: age and PGP stanzas go here; a fresh cache per input.
    static func engine() -> SopsEngine {
        SopsEngine(keyServices: KeyServices([FixtureKeyService(type: .age), FixtureKeyService(type: .pgp)]),
                   environment: [:], dataKeyCache: DataKeyCache())
    }

    /// The rule the harnesses encrypt with.
    static func rule(selection: SelectionRule? = nil, macOnlyEncrypted: Bool = false) -> CreationRule {
        CreationRule(keyGroups: [[.age(AgeKey(recipient: "age1fuzz"))]], selection: selection, macOnlyEncrypted: macOnlyEncrypted)
    }

    static let fixtureDataKeys: [(file: String, format: SopsFormat, dataKey: String)] = [
        ("example.yaml", .yaml, "8c68886c50b5b72965a3cb99c5172e1d74a8aca27b39ee880b535d6907e59f68"),
        ("example.json", .json, "faf6a891866fac550ef548b4e5f6fbc98fccc6827cd943cc8d7539747f1d87bd"),
        ("example.txt", .binary, "67788979caa78ea7c5ae7adae47eb9161bfd15c94a2f3d88c708bcfa19a85dd7"),
        ("example.ini", .ini, "110e4d601e66ac7039e9ef32e6e8bb93fb1dbf833fb42003c93877ece3003575"),
        ("comments.enc.yaml", .yaml, "61bec946f5783fd4cea3d1b1ce407fce2b6e81fc301cc539c422015e27f6d1be"),
        ("comments_unencrypted_comments.yaml", .yaml, "70f645aec88418dff72ac2a7a5503209cf00beda80706e6e157fd94ae53885a0"),
        ("multiple_keys.yaml", .yaml, "1e1db61c6b93c001caa9ce34a9d68448eee8a3c69336697eab36bb92327ce786"),
        ("no_mac.yaml", .yaml, "87f9ee7ab041cfd1946fb50e6166b29858fcb4224ae3816186a129248558461f"),
        ("format.enc.yaml", .yaml, "af5e68dd342b72c6a0475f81a50da4fde898f4b7742c92cbcf1668211411f4e4"),
        ("format.enc.json", .json, "9f6aeda6383502c38f7dae6fbbb8cb6890582adb0335effa8952fe590d7a9596"),
        ("format.enc.env", .dotenv, "322d9a97997823fb2bf42f55a6c26100cbaf0520cf88bb7ebee1cf47dd6d318d"),
        ("format.enc.ini", .ini, "ce46fd76883106d55913ff2207e160bbeac65a71d6e1cf84c510614bed6f8ccd"),
        ("format-2.enc.ini", .ini, "200b251d35608cb3451d26d95d0f6c4580575d8f61d908b6d224fc488c65263f"),
    ]

    /// `enc` of every fixture stanza → that fixture's data key.
    static let known: [String: [UInt8]] = {
        var table: [String: [UInt8]] = [:]
        for fixture in fixtureDataKeys {
            guard let data = FileManager.default.contents(atPath: SharedFixtures.sops(fixture.file).path),
                  let metadata = try? SopsEngine.inspect(Array(data), format: fixture.format) else { continue }
            for key in metadata.keyGroups.joined() { table[key.enc] = Hex.decode(fixture.dataKey) }
        }
        return table
    }()

    func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        let enc = "fake:" + Hex.encode(secret.unsafeArray())
        switch key {
        case .age(var age): age.enc = enc; return .age(age)
        case .pgp(var pgp): pgp.enc = enc; pgp.createdAt = "2025-01-01T00:00:00Z"; return .pgp(pgp)
        default: throw KeySourceError(.unsupported, key: key.identity, "the fixture key service wraps only age and PGP")
        }
    }

    func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        if key.enc.hasPrefix("fake:") {
            let hex = key.enc.dropFirst(5)
            guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                throw KeySourceError(.invalidKey, key: key.identity, "malformed fake stanza")
            }
            return SecretBytes(Hex.decode(String(hex)))
        }
        guard let dataKey = Self.known[key.enc] else { throw KeySourceError(.notThisKey, key: key.identity, "unknown stanza") }
        return SecretBytes(dataKey)
    }
}
