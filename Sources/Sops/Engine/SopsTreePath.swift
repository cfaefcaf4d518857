/// A path into the tree as sops' `--extract` takes it: `["data"]["password"]`, `["items"][0]`.
public struct SopsTreePath: Sendable, Equatable {
    public enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component]) { self.components = components }

    /// Parses `["key"][0]…`; keys in double quotes (with `\"` and `\\` escapes), indices as integers.
    public init(parsing text: String) throws(SopsError) {
        var components: [Component] = []
        var chars = Array(text.unicodeScalars)[...]
        func fail() -> SopsError {
            SopsError(.unsupported, "invalid --extract path '\(text)'", hint: #"write it like ["data"]["password"] or ["items"][0]"#)
        }
        while let c = chars.first {
            guard c == "[" else {
                if c.properties.isWhitespace { chars = chars.dropFirst(); continue }
                throw fail()
            }
            chars = chars.dropFirst()
            if chars.first == "\"" || chars.first == "'" {
                let quote = chars.first!
                chars = chars.dropFirst()
                var key = String.UnicodeScalarView()
                while let k = chars.first, k != quote {
                    if k == "\\", chars.count > 1 { chars = chars.dropFirst() }
                    key.append(chars.first!)
                    chars = chars.dropFirst()
                }
                guard chars.first == quote else { throw fail() }
                chars = chars.dropFirst()
                components.append(.key(String(key)))
            } else {
                var digits = ""
                while let d = chars.first, d != "]" { digits.unicodeScalars.append(d); chars = chars.dropFirst() }
                guard let index = Int(digits.trimmingSpaces) else { throw fail() }
                components.append(.index(index))
            }
            guard chars.first == "]" else { throw fail() }
            chars = chars.dropFirst()
        }
        guard !components.isEmpty else { throw fail() }
        self.components = components
    }

    /// The value at this path in a branch.
    func value(in branch: SopsBranch) throws(SopsError) -> SopsValue {
        var current = SopsValue.mapping(branch)
        for component in components {
            switch (component, current) {
            case (.key(let key), .mapping(let items)):
                guard let found = items.first(where: { $0.key == key }), case .entry(_, let value) = found else {
                    throw SopsError(.unsupported, "component ['\(key)'] not found")
                }
                current = value
            case (.index(let index), .sequence(let elements)):
                let values = elements.filter { if case .comment = $0 { return false }; return true }
                guard values.indices.contains(index) else { throw SopsError(.unsupported, "index [\(index)] out of range") }
                current = values[index]
            default:
                throw SopsError(.unsupported, "component \(component) does not apply to a \(current.kindName)")
            }
        }
        return current
    }
}
