@testable import Age
import TestSupport

extension AgeTestKeys {
    static func parsedIdentity(_ text: String = identity) throws -> X25519Identity {
        try X25519Identity(Array(text.utf8))
    }
}
