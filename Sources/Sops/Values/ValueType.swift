import TextEncoding

/// The `type:` of an encrypted value and the plaintext bytes of each type
/// (spec/sops-format.md §3.3; Go's `sops.ToBytes` and `aes.Cipher.Decrypt`).
enum ValueType: String, Sendable {
    case str, int, float, bool, time, comment, bytes

    /// The type sops writes for a leaf, or nil for values that are never encrypted (null).
    static func of(_ value: SopsValue) -> ValueType? {
        switch value {
        case .string: .str
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .time: .time
        case .comment: .comment
        case .null, .mapping, .sequence: nil
        }
    }

    /// The bytes sops encrypts and hashes for a leaf: strings as is, integers in decimal, floats in
    /// plain shortest decimal, booleans `True`/`False`, timestamps RFC 3339 (fraction trimmed).
    static func plaintext(of value: SopsValue) throws(SopsError) -> [UInt8] {
        switch value {
        case .string(let bytes): bytes
        case .int(let n): Array(String(n).utf8)
        case .float(let f): Array(GoFloat.formatF(f).utf8)
        case .bool(let b): Array((b ? "True" : "False").utf8)
        case .time(let t): Array(try t.sopsMarshalText().utf8)
        case .comment(let c): Array(c.text.utf8)
        case .null, .mapping, .sequence:
            throw SopsError(.invalidValue, "a \(value.kindName) cannot be encrypted")
        }
    }

    /// Reads decrypted plaintext back as a value of this type.
    func value(from plaintext: [UInt8]) throws(SopsError) -> SopsValue {
        let text = String(decoding: plaintext, as: UTF8.self)
        switch self {
        case .str, .bytes:
            return .string(plaintext)
        case .int:
            // Swift's Int64(_:) accepts exactly Go's Atoi syntax: optional sign, decimal digits.
            guard let n = Int64(text) else {
                throw SopsError(.decryption, "strconv.Atoi: parsing an encrypted int: invalid syntax")
            }
            return .int(n)
        case .float:
            guard let f = GoFloat.parse(text) else {
                throw SopsError(.decryption, "strconv.ParseFloat: parsing an encrypted float: invalid syntax")
            }
            return .float(f)
        case .bool:
            switch text {
            case "1", "t", "T", "TRUE", "true", "True": return .bool(true)
            case "0", "f", "F", "FALSE", "false", "False": return .bool(false)
            default: throw SopsError(.decryption, "strconv.ParseBool: parsing an encrypted bool: invalid syntax")
            }
        case .time:
            guard let t = SopsTime.parseRFC3339(text, strict: true) else {
                throw SopsError(.decryption, "parsing an encrypted time as RFC3339: cannot parse")
            }
            return .time(t)
        case .comment:
            return .comment(SopsComment(text))
        }
    }
}

extension SopsValue {
    /// A short name for messages (never the value itself).
    var kindName: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .float: "float64"
        case .bool: "bool"
        case .time: "time.Time"
        case .null: "null"
        case .comment: "comment"
        case .mapping: "mapping"
        case .sequence: "sequence"
        }
    }
}
