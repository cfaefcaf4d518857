import Crypto
@testable import HTTP
import Testing

@Suite struct SigV4SignerTests {
    static let time = UTCTime(rfc3339: "2015-08-30T12:36:00Z")!

    static func signer(token: String? = nil) -> SigV4Signer {
        SigV4Signer(credentials: .init(accessKeyID: SigV4Suite.accessKeyID,
                                       secretAccessKey: SecretBytes(Array(SigV4Suite.secretAccessKey.utf8)),
                                       sessionToken: token),
                    region: SigV4Suite.region, service: SigV4Suite.service)
    }

    /// Parses a suite `.req` file: request line, `Name:value` headers (an indented line continues
    /// the previous header with another value, as this suite version's `.creq` treats it), body.
    static func request(_ req: String) throws -> HTTPRequest {
        let (head, body) = req.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            .splitFirstAndRest()
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        var headers: [HTTPHeader] = []
        for line in lines {
            if line.first == " ", let previous = headers.last {
                headers.append(HTTPHeader(previous.name, String(line.drop { $0 == " " })))
            } else {
                let colon = try #require(line.firstIndex(of: ":"))
                headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let url = try #require(HTTPURL("https://example.amazonaws.com" + target))
        return HTTPRequest(method: method, url: url, headers: headers, body: SecretBytes(Array((body ?? "").utf8)))
    }

    @Test(arguments: SigV4Suite.cases)
    func canonicalRequestStringToSignAndSignature(_ c: SigV4SuiteCase) throws {
        let token = c.req.contains("X-Amz-Security-Token") ? SigV4Suite.token : nil
        let signer = Self.signer(token: token)
        var request = try Self.request(c.req)
        #expect(signer.canonicalRequest(request).0 == c.creq)
        guard let stsHash = c.stsHash else { return }
        if c.stsOmitsContentLength { request.headers.removeAll { $0.name == "Content-Length" } }
        let sts = signer.stringToSign(canonicalRequest: signer.canonicalRequest(request).0, at: Self.time)
        #expect(sts == "AWS4-HMAC-SHA256\n\(SigV4Suite.date)\n20150830/us-east-1/service/aws4_request\n\(stsHash)")
        if let expected = c.signature {
            #expect(signer.signature(sts, at: Self.time) == expected)
            // sign() sets Host and X-Amz-Date itself (to the same values) and adds Authorization.
            var signed = request
            signer.sign(&signed, at: Self.time)
            let authorization = try #require(signed.headers.value(for: "Authorization"))
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="))
            #expect(authorization.hasSuffix("Signature=\(expected)"))
        }
    }

    @Test func signAddsSessionTokenAndSignsIt() throws {
        var request = HTTPRequest(method: "POST", url: try #require(HTTPURL("https://example.amazonaws.com/")))
        Self.signer(token: SigV4Suite.token).sign(&request, at: Self.time)
        #expect(request.headers.value(for: "X-Amz-Security-Token") == SigV4Suite.token)
        #expect(request.headers.value(for: "Authorization")
            == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")
    }

    @Test func hostHeaderCarriesNonDefaultPort() throws {
        var request = HTTPRequest(method: "POST", url: try #require(HTTPURL("http://127.0.0.1:5000/")))
        Self.signer().sign(&request, at: Self.time)
        #expect(request.headers.value(for: "Host") == "127.0.0.1:5000")
    }
}

private extension Array where Element == String {
    func splitFirstAndRest() -> (String, String?) { (self[0], count > 1 ? self[1] : nil) }
}
