import TextEncoding
/// An `http`/`https` URL split into the parts the HTTP layer and the SigV4 signer need.
///
/// Only absolute URLs with an authority are accepted; user info (`user:pass@`) is rejected so
/// credentials never travel in a URL that might end up in a message.
public struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String
    /// Host name or IP literal (IPv6 without brackets).
    public var host: String
    public var port: Int?
    /// The path as written (percent-encoded or not), `/` if empty.
    public var path: String
    /// The query string without `?`, nil if absent.
    public var query: String?

    public init?(_ text: String) {
        let lowered = text.prefix(8).lowercased()
        let scheme = lowered.hasPrefix("https://") ? "https" : lowered.hasPrefix("http://") ? "http" : ""
        guard !scheme.isEmpty else { return nil }
        var rest = text.dropFirst(scheme.count + 3)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0.isNewline }) else { return nil }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { return nil }
            self.port = port
        } else {
            self.port = nil
        }
        self.scheme = scheme
        self.host = host.lowercased()
        if let q = rest.firstIndex(of: "?") {
            path = String(rest[..<q])
            query = String(rest[rest.index(after: q)...])
        } else {
            path = String(rest)
            query = nil
        }
        if path.isEmpty { path = "/" }
    }

    /// `host[:port]` as sent in the `Host` header (the port only when it is not the scheme's default).
    public var authority: String {
        let h = host.contains(":") ? "[\(host)]" : host
        guard let port, port != defaultPort else { return h }
        return "\(h):\(port)"
    }

    /// `scheme://authority`: how errors name a server (paths and queries may carry names or tokens).
    public var origin: String { "\(scheme)://\(authority)" }

    public var defaultPort: Int { scheme == "https" ? 443 : 80 }

    /// The full URL, re-assembled.
    public var description: String { origin + path + (query.map { "?" + $0 } ?? "") }

    /// Percent-encodes `text` for a URL path segment or query component: everything but RFC 3986
    /// unreserved characters (`A–Z a–z 0–9 - . _ ~`) and the bytes in `keeping`.
    public static func percentEncode(_ text: String, keeping: Set<UInt8> = []) -> String {
        var out = [UInt8]()
        let hex = Array("0123456789ABCDEF".utf8)
        for b in text.utf8 {
            if isUnreserved(b) || keeping.contains(b) {
                out.append(b)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0x0f)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; nil on a malformed escape. `+` stays `+`.
    public static func percentDecode(_ text: String) -> String? {
        var out = [UInt8]()
        var bytes = text.utf8.makeIterator()
        while let b = bytes.next() {
            guard b == UInt8(ascii: "%") else { out.append(b); continue }
            guard let h = bytes.next(), let l = bytes.next(), let hv = Hex.value(h), let lv = Hex.value(l) else { return nil }
            out.append(hv << 4 | lv)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
