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
            } else if "\\.+()|[]{}^$".contains(c) {
                regex += "\\" + String(c)
            } else {
                regex.append(c)
            }
            i += 1
        }
        return regex + "$"
    }
}
