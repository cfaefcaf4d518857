import Crypto
import HTTP
import JSON

/// AWS credentials from one link of the chain, with where they came from (for messages) and, for
/// temporary credentials, when they expire.
public struct AWSCredentials: Sendable {
    let signing: SigV4Signer.Credentials
    let expiration: UTCTime?
    /// "environment variables", "profile dev", "role arn:…", "instance metadata", …
    let source: String

    init(accessKeyID: String, secretAccessKey: SecretBytes, sessionToken: String?, expiration: UTCTime?, source: String) {
        signing = SigV4Signer.Credentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey,
                                          sessionToken: sessionToken.flatMap { $0.isEmpty ? nil : $0 })
        self.expiration = expiration
        self.source = source
    }

    /// Reads the credential members of an STS result, a container endpoint or IMDS answer
    /// (`AccessKeyId`, `SecretAccessKey`, `SessionToken` or `Token`, `Expiration`).
    init?(json: JSONValue, source: String) {
        guard let id = json["AccessKeyId"]?.string, !id.isEmpty,
              let secret = json["SecretAccessKey"]?.string, !secret.isEmpty else { return nil }
        self.init(accessKeyID: id, secretAccessKey: SecretBytes(Array(secret.utf8)),
                  sessionToken: json["Token"]?.string ?? json["SessionToken"]?.string,
                  expiration: json["Expiration"]?.string.flatMap { UTCTime(rfc3339: $0) }, source: source)
    }
}
