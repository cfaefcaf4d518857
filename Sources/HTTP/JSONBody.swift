public import Crypto
import TextEncoding

/// A JSON value to send. Secrets are written straight into the (zeroed-after-use) body bytes.
public indirect enum JSONBody: Sendable {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case null
    case array([JSONBody])
    /// Members in the given order.
    case object([(String, JSONBody)])
    /// A string holding the base64 encoding of secret bytes (a data key).
    case base64Secret(SecretBytes, Base64.Dialect)

    /// The UTF-8 JSON text.
    public func encoded() -> SecretBytes {
        var out = [UInt8]()
        defer { Memory.zero(&out) }
        write(to: &out)
        return SecretBytes(out)
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .string(let s): JSONBody.writeString(s, to: &out)
        case .integer(let n): out += Array(String(n).utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                e.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONBody.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .base64Secret(let secret, let dialect):
            out.append(UInt8(ascii: "\""))
            secret.withUnsafeBytes { Base64.append($0, to: &out, dialect) }
            out.append(UInt8(ascii: "\""))
        }
    }

    private static func writeString(_ s: String, to out: inout [UInt8]) {
        let hex = Hex.digits
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0a: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0d: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0x0f)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
