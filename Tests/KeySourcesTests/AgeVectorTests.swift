import Crypto
import Testing
import TestSupport
@testable import Age
@testable import KeySources

@Suite struct AgeVectorTests {
    @Test func sopsTestIdentityMatchesItsRecipient() throws {
        #expect(try AgeTestKeys.parsedIdentity().recipient.description == AgeTestKeys.recipient)
    }

    @Test func armoredVectorDecryptsToData() throws {
        let file = try AgeArmor.decode(Array(AgeTestKeys.armoredVector.utf8))
        let plaintext = try Age.decrypt(file, with: [AgeTestKeys.parsedIdentity()])
        #expect(plaintext.bytes == Array("data".utf8))
    }

    @Test func serviceUnwrapsVectorWithIdentityFromEnvironment() async throws {
        let service = AgeKeyService(environment: ["SOPS_AGE_KEY": AgeTestKeys.identity])
        let key = MasterKey.age(AgeKey(recipient: AgeTestKeys.recipient, enc: AgeTestKeys.armoredVector))
        #expect(try await service.unwrap(key).bytes == Array("data".utf8))
    }
}
