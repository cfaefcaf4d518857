import Crypto
import HTTP

/// STS `AssumeRole` and `AssumeRoleWithWebIdentity` over the query protocol (form body, XML answer).
struct AWSSTS: Sendable {
    let transport: CloudTransport
    let environment: CloudEnvironment

    static let apiVersion = "2011-06-15"

    /// sops' session name (§7.4): `sops@` + host name with every character outside sops' class
    /// `[a-zA-Z0-9=,.@-_]` removed — where `@-_` is a range (`@`…`_`), so `-` itself goes — then
    /// cut to 64 characters.
    static func sopsSessionName(hostname: String) -> String {
        let kept = ("sops@" + hostname).unicodeScalars.filter { c in
            ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "=" || c == "," || c == "." || ("@"..."_").contains(c)
        }
        return String(String.UnicodeScalarView(kept.prefix(64)))
    }

    /// Assumes `role` with `credentials` (signed request).
    func assumeRole(_ role: String, sessionName: String, externalID: String? = nil, using credentials: AWSCredentials,
                    region: String, partition: String, key: String) async throws(KeySourceError) -> AWSCredentials {
        var fields = [("Action", "AssumeRole"), ("Version", Self.apiVersion), ("RoleArn", role), ("RoleSessionName", sessionName)]
        if let externalID { fields.append(("ExternalId", externalID)) }
        let url = try endpoint(region: region, partition: partition, key: key)
        let signer = SigV4Signer(credentials: credentials.signing, region: region, service: "sts")
        let outcome = try await transport.send(isRetryable: Self.isRetryable) { () throws(KeySourceError) -> HTTPRequest in
            var request = HTTPRequest.form(url, fields)
            signer.sign(&request)
            return request
        }
        return try parsedCredentials(outcome, role: role, action: "AssumeRole", caller: credentials.source, key: key)
    }

    /// Exchanges a web identity token (EKS IRSA, GitHub OIDC, …) for `role`'s credentials (unsigned request).
    func assumeRoleWithWebIdentity(_ role: String, sessionName: String, tokenFile: String, region: String, partition: String,
                                   key: String) async throws(KeySourceError) -> AWSCredentials {
        let token: String?
        do { token = try environment.readTextFile(tokenFile) } catch {
            throw KeySourceError(.credentials, key: key, error.description)
        }
        guard let token, !token.isEmpty else {
            throw KeySourceError(.credentials, key: key, "web identity token file \(tokenFile) is missing or empty",
                                 hint: "check AWS_WEB_IDENTITY_TOKEN_FILE (on EKS: annotate the service account with eks.amazonaws.com/role-arn)")
        }
        let url = try endpoint(region: region, partition: partition, key: key)
        let fields = [("Action", "AssumeRoleWithWebIdentity"), ("Version", Self.apiVersion), ("RoleArn", role),
                      ("RoleSessionName", sessionName), ("WebIdentityToken", token)]
        let outcome = try await transport.send(isRetryable: Self.isRetryable) { HTTPRequest.form(url, fields) }
        return try parsedCredentials(outcome, role: role, action: "AssumeRoleWithWebIdentity", caller: "web identity token \(tokenFile)", key: key)
    }

    private func endpoint(region: String, partition: String, key: String) throws(KeySourceError) -> HTTPURL {
        guard let url = AWSEndpoints.sts(region: region, partition: partition, environment) else {
            throw KeySourceError(.invalidKey, key: key, "AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL is not an http(s) URL")
        }
        return url
    }

    static func isRetryable(_ response: HTTPResponse) -> Bool {
        if CloudTransport.isTransient(response) { return true }
        let code = AWSQueryError(response).code
        return ["Throttling", "ThrottlingException", "RequestLimitExceeded", "IDPCommunicationError"].contains(code)
    }

    private func parsedCredentials(_ outcome: CloudTransport.Outcome, role: String, action: String, caller: String,
                             key: String) throws(KeySourceError) -> AWSCredentials {
        let response = try outcome.response { AWSKMSErrors.transport($0, service: "AWS STS", region: nil, key: key) }
        guard response.isSuccess else {
            let error = AWSQueryError(response)
            let detail = error.message.isEmpty ? error.code : "\(error.code): \(error.message)"
            switch error.code {
            case "AccessDenied":
                throw KeySourceError(.credentials, key: key, "cannot assume role \(role) as \(caller): \(detail)",
                                     hint: "the role's trust policy must allow \(action == "AssumeRole" ? "sts:AssumeRole" : "sts:AssumeRoleWithWebIdentity") for your identity")
            case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
                 "InvalidIdentityToken", "IncompleteSignature":
                throw KeySourceError(.credentials, key: key, "AWS STS rejected the credentials (\(caller)) for role \(role): \(detail)",
                                     hint: "refresh your AWS credentials (new session token, `aws sso login`, or check AWS_PROFILE)")
            case "Throttling", "ThrottlingException", "RequestLimitExceeded":
                throw KeySourceError(.unreachable, key: key, "AWS STS kept throttling \(action) (\(outcome.attempts) attempts)",
                                     hint: "try again later")
            default:
                throw KeySourceError(.failed, key: key, "AWS STS \(action) for \(role) failed with HTTP \(response.status): \(detail)")
            }
        }
        let xml = response.body.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        guard let id = XMLText.first("AccessKeyId", in: xml), let secret = XMLText.first("SecretAccessKey", in: xml),
              let token = XMLText.first("SessionToken", in: xml) else {
            throw KeySourceError(.failed, key: key, "AWS STS \(action) answered without credentials")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: SecretBytes(Array(secret.utf8)), sessionToken: token,
                              expiration: XMLText.first("Expiration", in: xml).flatMap { UTCTime(rfc3339: $0) },
                              source: "role \(role)")
    }
}

/// The error of a query-protocol (XML) AWS response: `<Error><Code>…</Code><Message>…</Message>`.
struct AWSQueryError {
    let code: String
    let message: String

    init(_ response: HTTPResponse) {
        let xml = response.text
        code = XMLText.first("Code", in: xml) ?? "HTTP \(response.status)"
        message = CloudErrorText.sanitized(XMLText.first("Message", in: xml) ?? "")
    }
}

/// Text of simple XML elements (STS answers are flat and small; no attributes are needed).
enum XMLText {
    /// The entity-decoded text of the first `<name>…</name>` element.
    static func first(_ name: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(name)>"),
              let close = xml[open.upperBound...].firstRange(of: "</\(name)>") else { return nil }
        return decodeEntities(String(xml[open.upperBound..<close.lowerBound])).trimmedWhitespace
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { out.unicodeScalars.append(scalar) } else { out += "&\(entity);" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
