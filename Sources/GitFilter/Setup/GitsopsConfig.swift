/// The git configuration gitsops relies on: the filter, diff and merge drivers named `gitsops`.
public enum GitsopsConfig {
    /// The driver name used in `.gitattributes` and config keys.
    public static let driver = "gitsops"
    /// The default `.gitattributes` pattern.
    public static let defaultPattern = "secrets/**"
    /// The attributes gitsops adds after a pattern. `-text` (as git-lfs does) keeps git's end-of-line
    /// conversion away from both the ciphertext and the byte-exact plaintext.
    public static let attributes = "filter=gitsops diff=gitsops merge=gitsops -text"
    /// Set by `gitsops lock`: smudge leaves files encrypted.
    public static let lockedKey = "gitsops.locked"
    /// The gitsops command hooks run (the same program the drivers use).
    public static let programKey = "gitsops.program"
    /// Never set: git would store textconv output (plaintext) under refs/notes/textconv.
    public static let forbiddenKeys = ["diff.gitsops.cachetextconv"]

    /// Every config entry `gitsops init` writes, for `program` (a shell word: `gitsops` or a quoted path).
    public static func entries(program: String) -> [(key: String, value: String)] {
        [
            ("filter.gitsops.process", "\(program) filter-process"),
            ("filter.gitsops.required", "true"),
            ("filter.gitsops.clean", "\(program) clean %f"),
            ("filter.gitsops.smudge", "\(program) smudge %f"),
            ("diff.gitsops.textconv", "\(program) textconv"),
            ("merge.gitsops.name", "gitsops: merge the decrypted documents"),
            // %S %X %Y: the conflict labels (git 2.44+; older git passes them unexpanded).
            ("merge.gitsops.driver", "\(program) merge-driver --marker-size %L --base-label=%S --ours-label=%X --theirs-label=%Y %O %A %B %P"),
            (programKey, program),
        ]
    }

    /// `path` quoted for sh when it holds anything but safe characters.
    public static func shellWord(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy { scalar in
            (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) || "/._-+,:@%".unicodeScalars.contains(scalar)
        }
        return safe && !path.isEmpty ? path : "'" + path.replacing("'", with: #"'\''"#) + "'"
    }
}
