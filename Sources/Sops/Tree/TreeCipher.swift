import Crypto
import TextEncoding

/// Encrypts or decrypts every selected leaf of a document in place and computes the MAC over the
/// plaintext values, walking the tree exactly as sops does (spec/sops-format.md §3.4, §4, §5).
struct TreeCipher {
    /// The selection rule; nil encrypts every leaf (the binary store ignores selection settings).
    let selector: LeafSelector?
    let macOnlyEncrypted: Bool
    var cipher: ValueCipher
    /// Non-fatal findings (clear comments in an encrypted position), for the caller to report.
    private(set) var warnings: [String] = []

    private var hasher = SHA512.hasher()
    private var decrypting = false

    /// SHA-256 of "sops": fed first when only encrypted values are authenticated (§5.2).
    static let macOnlyEncryptedInit = SHA256.hash(Array("sops".utf8))

    init(selector: LeafSelector?, macOnlyEncrypted: Bool, cipher: ValueCipher) {
        self.selector = selector
        self.macOnlyEncrypted = macOnlyEncrypted
        self.cipher = cipher
    }

    /// Encrypts in place; returns the MAC (128 upper-case hex digits) of the plaintext values.
    mutating func encrypt(_ branches: inout [SopsBranch]) throws(SopsError) -> String {
        decrypting = false
        return try walk(&branches)
    }

    /// Decrypts in place; returns the MAC recomputed over the decrypted values.
    mutating func decrypt(_ branches: inout [SopsBranch]) throws(SopsError) -> String {
        decrypting = true
        return try walk(&branches)
    }

    /// The MAC of plaintext branches, without encrypting anything.
    mutating func mac(of branches: [SopsBranch]) throws(SopsError) -> String {
        var copy = branches
        return try walk(&copy, transform: false)
    }

    private mutating func walk(_ branches: inout [SopsBranch], transform: Bool = true) throws(SopsError) -> String {
        hasher = SHA512.hasher()
        if macOnlyEncrypted { hasher.update(Self.macOnlyEncryptedInit) }
        for index in branches.indices {
            var stack: [[String]] = []
            var path: [String] = []
            try walkMapping(&branches[index], path: &path, stack: &stack, transform: transform)
        }
        return Self.hex(hasher.finalize())
    }

    private mutating func walkMapping(_ items: inout [SopsItem], path: inout [String], stack: inout [[String]],
                                      transform: Bool) throws(SopsError) {
        stack.append([])
        defer { stack.removeLast() }
        for index in items.indices {
            switch items[index] {
            case .comment(let comment):
                stack[stack.count - 1].append(comment.text)
                let result = try leaf(.comment(comment), path: path, stack: stack, transform: transform)
                switch result {
                case .comment(let c): items[index] = .comment(c)
                case .string(let text): items[index] = .comment(SopsComment(String(decoding: text, as: UTF8.self), inline: comment.inline))
                default: throw SopsError(.invalidValue, "a comment decrypted to a \(result.kindName)")
                }
            case .entry(let key, var value):
                items[index] = .entry(key, .null)  // release the old copy so `value` is uniquely owned
                path.append(key)
                try walkValue(&value, path: &path, stack: &stack, transform: transform)
                path.removeLast()
                items[index] = .entry(key, value)
                stack[stack.count - 1].removeAll()
            }
        }
    }

    private mutating func walkValue(_ value: inout SopsValue, path: inout [String], stack: inout [[String]],
                                    transform: Bool) throws(SopsError) {
        switch value {
        case .mapping(var items):
            value = .null
            try walkMapping(&items, path: &path, stack: &stack, transform: transform)
            value = .mapping(items)
        case .sequence(var elements):
            value = .null
            stack.append([])
            for index in elements.indices {
                let isComment: Bool
                if case .comment(let c) = elements[index] {
                    stack[stack.count - 1].append(c.text)
                    isComment = true
                } else {
                    isComment = false
                }
                let original = elements[index]
                try walkValue(&elements[index], path: &path, stack: &stack, transform: transform)
                if !isComment { stack[stack.count - 1].removeAll() }
                // An encrypted comment in a list becomes an item, as in sops; an empty one stays a
                // comment, or it would come back as an extra `""` value (and the layout no longer fit).
                if isComment, elements[index] == .string([]) { elements[index] = original }
            }
            stack.removeLast()
            value = .sequence(elements)
        case .null:
            break
        default:
            value = try leaf(value, path: path, stack: stack, transform: transform)
        }
    }

    /// sops' `onLeaves` for Encrypt / Decrypt.
    private mutating func leaf(_ value: SopsValue, path: [String], stack: [[String]], transform: Bool) throws(SopsError) -> SopsValue {
        let isComment: Bool
        if case .comment = value { isComment = true } else { isComment = false }
        let encrypted = selector?.shouldEncrypt(path: path, comments: stack, isComment: isComment) ?? true
        guard transform else {
            if !isComment, !macOnlyEncrypted || encrypted { hasher.update(try ValueType.plaintext(of: value)) }
            return value
        }
        let aad = Self.aad(path)
        if decrypting {
            var out = value
            if encrypted {
                switch value {
                case .comment(let comment) where comment.text.isEmpty:
                    break  // empty comments are never encrypted (§3.3)
                case .comment(let comment):
                    if let clear = try? cipher.decrypt(Array(comment.text.utf8), aad: aad), case .comment(let c) = clear {
                        out = .comment(SopsComment(c.text, inline: false))
                    } else {
                        warnings.append("a comment at '\(aad)' is not encrypted; kept as is")
                    }
                case .string(let text):
                    out = try cipher.decrypt(text, aad: aad)
                default:
                    throw SopsError(.decryption, "Expected encrypted value as string, but got \(value.kindName) at '\(aad)'",
                                    hint: "a value that should be encrypted is in clear text; re-encrypt the file")
                }
            }
            if case .comment = out {} else if !macOnlyEncrypted || encrypted {
                hasher.update(try ValueType.plaintext(of: out))
            }
            return out
        }
        if !isComment, !macOnlyEncrypted || encrypted { hasher.update(try ValueType.plaintext(of: value)) }
        guard encrypted else { return value }
        let text = try cipher.encrypt(value, aad: aad)
        if isComment { try selector?.checkEncryptedComment(text) }
        return .string(Array(text.utf8))
    }

    static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes, uppercase: true) }
}

extension TreeCipher {
    /// The AAD string of a path (§3.4): each key followed by `:`; `:` for the document root.
    static func aad(_ path: [String]) -> String {
        path.joined(separator: ":") + ":"
    }
}
