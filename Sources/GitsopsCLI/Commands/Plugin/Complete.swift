import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `__complete`: what `completions/kubectl_complete-secrets` runs for `kubectl secrets <TAB>`.
    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "__complete",
            abstract: "Print completion candidates for kubectl's plugin completion.",
            shouldDisplay: false)

        @Argument(parsing: .captureForPassthrough)
        var words: [String] = []

        func run() async throws {
            Terminal.writeOut(Array(await PluginCompletion.respond(to: words).utf8))
        }
    }
}

/// Answers kubectl's plugin completion protocol (kubectl >= 1.26): kubectl runs
/// `kubectl_complete-secrets WORD... CURRENT` (CURRENT empty for a new word) and reads one candidate
/// per line (`value<TAB>description` allowed), then an optional last line `:<directive>` with
/// cobra's ShellCompDirective bits. The candidates come from ArgumentParser's own description of the
/// command tree (`--experimental-dump-help`), and custom value completions run through its
/// `---completion` machinery.
enum PluginCompletion {
    /// cobra's ShellCompDirective values.
    enum Directive: Int {
        case `default` = 0, noFileCompletion = 4, filterFileExtensions = 8, filterDirectories = 16
    }

    static func respond(to words: [String]) async -> String {
        guard let tool = try? ManifestValue.parseJSON(Array(KubectlSecrets._dumpHelp().utf8)),
              var command = tool["command"] else { return ":\(Directive.default.rawValue)\n" }
        let current = words.last ?? ""
        var path: [String] = []
        var sawPositional = false
        var index = 0
        let typed = Array(words.dropLast())
        var pendingOption: ManifestValue?
        while index < typed.count {
            let word = typed[index]
            index += 1
            if pendingOption != nil { pendingOption = nil; continue }
            if word.hasPrefix("-") {
                if !word.contains("="), let argument = argument(named: word, in: command), argument["kind"]?.stringValue == "option" {
                    pendingOption = argument
                }
                continue
            }
            if !sawPositional, let sub = subcommands(of: command).first(where: { $0["commandName"]?.stringValue == word }) {
                command = sub
                path.append(word)
            } else {
                sawPositional = true
            }
        }
        if let option = pendingOption {
            return await values(for: option, prefix: current, typedPrefix: "", path: path, words: words)
        }
        if current.hasPrefix("-") {
            if let equals = current.firstIndex(of: "="), let option = argument(named: String(current[..<equals]), in: command) {
                let prefix = String(current[current.index(after: equals)...])
                return await values(for: option, prefix: prefix, typedPrefix: String(current[...equals]), path: path, words: words)
            }
            var names = (command["arguments"].flatMap(\.arrayValue) ?? []).filter { $0["shouldDisplay"] != .bool(false) }
                .flatMap { ($0["names"].flatMap(\.arrayValue) ?? []).compactMap(displayName) }
            names.append("--help")
            return lines(names.filter { $0.hasPrefix(current) }, directive: .noFileCompletion)
        }
        let visible = subcommands(of: command).filter { $0["shouldDisplay"] != .bool(false) }
        if !sawPositional && !visible.isEmpty {
            let candidates = visible.compactMap { sub -> String? in
                // ArgumentParser's synthesized `help` subcommand is not offered; `--help` is.
                guard let name = sub["commandName"]?.stringValue, name != "help", name.hasPrefix(current) else { return nil }
                return sub["abstract"]?.stringValue.map { "\(name)\t\($0)" } ?? name
            }
            return lines(candidates, directive: .noFileCompletion)
        }
        let positional = (command["arguments"].flatMap(\.arrayValue) ?? []).first { $0["kind"]?.stringValue == "positional" }
        guard let positional else { return lines([], directive: .noFileCompletion) }
        return await values(for: positional, prefix: current, typedPrefix: "", path: path, words: words)
    }

    /// Candidates for an option's or positional's value, by its completion kind.
    private static func values(for argument: ManifestValue, prefix: String, typedPrefix: String, path: [String], words: [String]) async -> String {
        guard let kind = argument["completionKind"]?.fields?.first else { return lines([], directive: .default) }
        switch kind.key {
        case "list":
            let values = kind.value["values"].flatMap(\.arrayValue)?.compactMap(\.stringValue) ?? []
            return lines(values.filter { $0.hasPrefix(prefix) }.map { typedPrefix + $0 }, directive: .noFileCompletion)
        case "file":
            let extensions = kind.value["extensions"].flatMap(\.arrayValue)?.compactMap(\.stringValue) ?? []
            return extensions.isEmpty ? lines([], directive: .default) : lines(extensions, directive: .filterFileExtensions)
        case "directory":
            return lines([], directive: .filterDirectories)
        case "custom", "customAsync", "customDeprecated":
            guard let name = argument["preferredName"].flatMap(displayName) else { return lines([], directive: .default) }
            return lines(await custom(path: path, option: name, prefix: prefix).map { typedPrefix + $0 }, directive: .noFileCompletion)
        default:
            return lines([], directive: .default)
        }
    }

    /// Runs the option's custom completion through ArgumentParser
    /// (`---completion SUBCOMMAND... -- OPTION INDEX CURSOR WORD...`).
    private static func custom(path: [String], option: String, prefix: String) async -> [String] {
        let request = ["---completion"] + path + ["--", option, "0", "\(prefix.utf8.count)", prefix]
        do {
            _ = try await KubectlSecrets.asyncParseAsRoot(request)
            return []
        } catch {
            let text = KubectlSecrets.fullMessage(for: error)
            return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
        }
    }

    private static func argument(named word: String, in command: ManifestValue) -> ManifestValue? {
        (command["arguments"].flatMap(\.arrayValue) ?? []).first { argument in
            (argument["names"].flatMap(\.arrayValue) ?? []).contains { displayName($0) == word }
        }
    }

    private static func subcommands(of command: ManifestValue) -> [ManifestValue] {
        command["subcommands"].flatMap(\.arrayValue) ?? []
    }

    private static func displayName(_ name: ManifestValue) -> String? {
        guard let text = name["name"]?.stringValue else { return nil }
        switch name["kind"]?.stringValue {
        case "long": return "--" + text
        case "short", "longWithSingleDash": return "-" + text
        default: return nil
        }
    }

    private static func lines(_ candidates: [String], directive: Directive) -> String {
        candidates.map { $0 + "\n" }.joined() + ":\(directive.rawValue)\n"
    }
}

extension ManifestValue {
    var arrayValue: [ManifestValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
