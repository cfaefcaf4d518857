@testable import Age
import Crypto
@testable import KeySources

/// age (the `Age` module, and the key service's identity sources): ASCII armor, the v1 header
/// grammar, decryption with an X25519 and an scrypt identity, identity/recipient strings (age and
/// SSH) and SSH private key files. Invariants: armor decodes what it encodes; a header that parses
/// serialises back to exactly its bytes (the grammar is canonical, as age's is).
public enum AgeHarness: SynchronousHarness {
    public static let name = "AgeFuzz"

    /// sops' unit-test identity (spec/sops-format.md §11.1); the seed script encrypts to it.
    static let identity = try! X25519Identity(Array("AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7".utf8))
    /// A low work-factor bound keeps scrypt cheap per input; the bound check itself is what runs.
    static let passphrase = ScryptIdentity(passphrase: SecretBytes(Array("fuzz".utf8)), maxWorkFactor: 10)

    public static func runSynchronously(_ input: [UInt8]) throws(Finding) {
        var file = input
        if AgeArmor.isArmored(input) {
            guard let decoded = try? AgeArmor.decode(input) else { return }
            let again = try? AgeArmor.decode(Array(AgeArmor.encode(decoded).utf8))
            try require(again == decoded, "armor does not decode what it encodes")
            file = decoded
        }
        if let header = try? AgeFormat.parse(file) {
            let canonical = AgeFormat.encodeWithoutMAC(header.stanzas) + AgeFormat.encodeFooter(mac: header.mac)
            try require(file[..<min(header.payloadStart, file.count)].elementsEqual(canonical),
                        "a header that parses does not serialise back to its bytes")
            try require(header.authenticatedBytes.elementsEqual(AgeFormat.encodeWithoutMAC(header.stanzas)),
                        "the MAC covers other bytes than the canonical header")
        }
        _ = try? Age.decrypt(file, with: [identity, passphrase])
        let text = String(decoding: input, as: UTF8.self)
        _ = try? X25519Recipient(text)
        _ = try? X25519Identity(input)
        _ = try? AgeKeyService.validateRecipient(text)
        _ = try? SSHPrivateKeyFile.identity(from: input)
        _ = try? AgeIdentitySources.load(environment: [AgeIdentitySources.keyVariable: text], passphrases: nil)
    }
}
