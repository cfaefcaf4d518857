/// Turns a `.gitattributes` pattern into the `path_regex` of a `.sops.yaml` rule (RE2 syntax,
/// matched against the path relative to the config's directory, spec/sops-format.md §8.3).
enum GlobPattern {
    /// A creation rule `gitsops init` writes for a pattern.
    struct Rule: Equatable {
        var comment: String?
        var pathRegex: String
        var encryptedRegex: String?
    }

    /// Flux's recommendation for Kubernetes manifests (spec/sops-format.md §1.5): kustomize needs
    /// `apiVersion`, `kind` and `metadata` in clear, so only the Secret payload is encrypted.
    static let kubernetesSelection = "^(data|stringData)$"

    /// The rules for one pattern: YAML manifests encrypt their Secret payload only (so Flux can
    /// build them), every other file encrypts all its values. (The filter refuses to store a file
    /// in which a rule encrypts nothing, so a non-Secret YAML file cannot slip through in clear.)
    static func creationRules(_ glob: String) -> [Rule] {
        let all = regex(glob)
        let manifests = "Kubernetes manifests: Flux needs apiVersion, kind and metadata in clear"
        if glob.hasSuffix(".yaml") || glob.hasSuffix(".yml") {
            return [Rule(comment: manifests, pathRegex: all, encryptedRegex: kubernetesSelection)]
        }
        guard all.hasSuffix(".*$") else { return [Rule(pathRegex: all)] }
        return [
            Rule(comment: manifests, pathRegex: String(all.dropLast(3)) + ".*\\.ya?ml$", encryptedRegex: kubernetesSelection),
            Rule(comment: "everything else: every value encrypted", pathRegex: all),
        ]
    }

    /// The RE2 translation of a gitattributes pattern, matched as git's wildmatch matches it with
    /// WM_PATHNAME: `*` and `?` stop at `/`, `**/` spans directories, `[…]` (with `!` or `^` to
    /// negate, ranges and `[:class:]`) matches one character other than `/`, `\` escapes.
    static func regex(_ glob: String) -> String {
        var pattern = glob.hasPrefix("/") ? String(glob.dropFirst()) : glob
        // gitattributes: a pattern without a slash matches a name in any directory.
        let anchoredAnywhere = !pattern.dropLast().contains("/")
        if pattern.hasSuffix("/") { pattern += "**" }
        var regex = anchoredAnywhere ? "(^|/)" : "^"
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "*" {
                if i + 1 < chars.count && chars[i + 1] == "*" {
                    // `**/` matches zero or more directories; a trailing `**` everything below.
                    if i + 2 < chars.count && chars[i + 2] == "/" { regex += "(.*/)?"; i += 3; continue }
                    regex += ".*"; i += 2; continue
                }
                regex += "[^/]*"
            } else if c == "?" {
                regex += "[^/]"
            } else if c == "[", let (set, next) = bracket(chars, from: i) {
                regex += set
                i = next
                continue
            } else if c == "\\", i + 1 < chars.count {
                regex += literal(chars[i + 1])
                i += 2
                continue
            } else {
                regex += literal(c)
            }
            i += 1
        }
        return regex + "$"
    }

    /// The RE2 class for the bracket expression opening at `start`, and the index after it; nil
    /// when it does not close (wildmatch then matches `[` literally).
    private static func bracket(_ chars: [Character], from start: Int) -> (String, Int)? {
        var i = start + 1
        var negated = false
        if i < chars.count && (chars[i] == "!" || chars[i] == "^") { negated = true; i += 1 }
        var body = ""
        var first = true
        while i < chars.count {
            let c = chars[i]
            if c == "]" && !first { return ("[" + (negated ? "^/" : "") + body + "]", i + 1) }
            first = false
            if c == "[" && i + 1 < chars.count && chars[i + 1] == ":",
               let close = (i + 2..<chars.count).first(where: { chars[$0] == ":" && $0 + 1 < chars.count && chars[$0 + 1] == "]" }) {
                body += String(chars[i...(close + 1)])
                i = close + 2
                continue
            }
            if c == "\\" && i + 1 < chars.count {
                // `\x` is a literal x in wildmatch; in RE2 only punctuation may be escaped.
                let next = chars[i + 1]
                body += next.isLetter || next.isNumber ? String(next) : "\\" + String(next)
                i += 2
                continue
            }
            body += c == "-" ? "-" : ("\\^[]".contains(c) ? "\\" + String(c) : String(c))
            i += 1
        }
        return nil
    }

    private static func literal(_ c: Character) -> String {
        "\\.+()|[]{}^$*?".contains(c) ? "\\" + String(c) : String(c)
    }
}
