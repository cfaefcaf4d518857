import Platform
import SystemPackage

/// The user's editor as kubectl finds it (`$KUBE_EDITOR`, `$EDITOR`, `vi`), with the arguments
/// that keep vim and neovim from writing swap, backup, undo and viminfo/shada files.
public struct Editor: Equatable, Sendable {
    /// The program to execute.
    public var executable: String
    /// The arguments before the file name.
    public var arguments: [String]

    /// The editor configured in `environment`.
    public static func configured(environment: [String: String]) -> Editor {
        let raw = [environment["KUBE_EDITOR"], environment["EDITOR"]]
            .compactMap { $0?.trimmingWhitespace }.first { !$0.isEmpty } ?? "vi"
        let flavour = VimFlavour(command: raw, environment: environment)
        if raw.contains(where: { " \t'\"\\$`|&;<>()*?".contains($0) }) {
            // Like kubectl, a command with spaces or shell syntax runs through the shell; the file
            // name and the vim arguments arrive as positional parameters, never interpolated.
            let extra = flavour?.safetyArguments ?? []
            return Editor(executable: "/bin/sh", arguments: ["-c", raw + " \"$@\"", "editor"] + extra)
        }
        return Editor(executable: raw, arguments: flavour?.safetyArguments ?? [])
    }

    /// The full argument list for editing `file`.
    public func arguments(editing file: FilePath) -> [String] { arguments + [file.string] }
}

/// vim and neovim, which would otherwise leave plaintext in swap, backup, undo and history files.
enum VimFlavour {
    case vim, neovim

    init?(command: String, environment: [String: String]) {
        guard let first = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { return nil }
        let resolved = ExecutableLookup.resolve(String(first), environment: environment) ?? String(first)
        let names = [String(first), resolved].map { FilePath($0).lastComponent?.string ?? $0 }
        if names.contains(where: { $0.hasPrefix("nvim") }) {
            self = .neovim
        } else if names.contains(where: { $0.hasPrefix("vim") || $0 == "gvim" || $0 == "view" }) {
            self = .vim
        } else {
            return nil
        }
    }

    /// `-n` (no swap file) and `-i NONE` (no viminfo/shada), plus options set before and after the
    /// user's vimrc so a vimrc cannot turn swap, backup or undo files back on.
    var safetyArguments: [String] {
        let options = "set noswapfile nobackup nowritebackup noundofile"
        let history = self == .neovim ? " shada=" : " viminfo="
        return ["-n", "-i", "NONE", "--cmd", options + history, "-c", options + history]
    }
}

/// Finds programs on `$PATH` the way a shell does, resolving symbolic links.
enum ExecutableLookup {
    static func resolve(_ name: String, environment: [String: String]) -> String? {
        let candidates = name.contains("/") ? [name]
            : (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        for candidate in candidates where Files.isExecutable(candidate) {
            return Files.realPath(candidate) ?? candidate
        }
        return nil
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
