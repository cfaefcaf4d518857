/// Turns a `.gitattributes` pattern into the `path_regex` of a `.sops.yaml` rule (RE2 syntax,
/// matched against the path relative to the config's directory, spec/sops-format.md §8.3).
enum GlobPattern {
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
