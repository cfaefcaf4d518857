@testable import Age
@testable import KeySources
import TestSupport

extension AgeTestKeys {
    /// The identity parsed as the key services parse it (errors are `KeySourceError`s).
    static func parsedIdentity(_ text: String = identity) throws -> X25519Identity {
        try X25519Identity(parsing: Array(text.utf8))
    }
}
