public import KeySources
import LosslessYAML

/// Adding a creation rule for one directory to `.sops.yaml` text: the rule's lines are inserted at
/// a place computed from the parse, so every other byte (comments, quoting, the other rules, their
/// order) stays as it was. sops takes the first rule that matches a file, so the new rule goes
/// before the first existing rule that may match a file directly in the directory (rules for
/// subdirectories, more specific, keep winning for theirs), else at the end of the list.
extension SopsConfig {
    /// What adding a rule did.
    public enum RuleAddition: Sendable, Equatable {
        /// A rule with the same `path_regex` and the same keys and selection was already there
        /// (at this 0-based index): nothing to change.
        case unchanged(index: Int)
        /// The new text, with the rule at this 0-based index of `creation_rules`.
        case added([UInt8], index: Int)
    }

    /// The `path_regex` of a rule for the files under `directory` (relative to the config's
    /// directory, `/`-separated, no trailing slash): `^directory/`, metacharacters escaped.
    public static func pathRegex(forDirectory directory: String) -> String {
        "^" + RE2Pattern.quoted(directory) + "/"
    }

    /// An Azure Key Vault key from its URL, `https://<vault>/keys/<name>[/<version>]`, as rules write it.
    public static func keyVaultKey(url: String) throws(SopsError) -> AzureKeyVaultKey { try azureKey(url) }

    /// `source` (the current `.sops.yaml` bytes; nil or empty when there is none) with `rule` added
    /// for the files under `directory` (relative to the config's directory). The rule's `pathRegex`
    /// must be `pathRegex(forDirectory:)`. Throws when a rule with that `path_regex` names other keys,
    /// or when the file's layout leaves no safe place to insert (a flow-style list, say).
    public static func adding(_ rule: CreationRule, forDirectory directory: String, to source: [UInt8]?,
                              path: String) throws(SopsError) -> RuleAddition {
        let source = source ?? []
        let current = try SopsConfig(parsing: source, path: path)
        if let index = current.creationRules.firstIndex(where: { $0.pathRegex == rule.pathRegex }) {
            guard current.creationRules[index].sameKeysAndSelection(as: rule) else {
                throw SopsError(.config, "creation rule \(index + 1) already covers \(directory)/ (path_regex \(rule.pathRegex ?? "")) with other keys or settings",
                                path: path, hint: "edit that rule in .sops.yaml, then run `gitsops updatekeys \(directory)/`")
            }
            return .unchanged(index: index)
        }
        var index = current.creationRules.count
        for (position, existing) in current.creationRules.enumerated() {
            guard let regex = existing.pathRegex, !regex.isEmpty else { index = position; break }
            if try RE2Pattern.cached(regex, setting: "path_regex").mayMatchFile(inDirectory: directory) { index = position; break }
        }
        let edited = try RuleInsertion(source: source, path: path).inserting(rule, at: index)
        // Proof that nothing else changed: the edited file holds the old rules, in order, and ours.
        let reparsed = try? SopsConfig(parsing: edited, path: path)
        var others = reparsed?.creationRules ?? []
        let added = others.count == current.creationRules.count + 1 ? others.remove(at: index) : nil
        guard let added, added.sameKeysAndSelection(as: rule), added.macOnlyEncrypted == rule.macOnlyEncrypted,
              others == current.creationRules, reparsed?.stores == current.stores else {
            throw SopsError(.config, "cannot add the rule without changing the others (unusual layout of creation_rules)", path: path,
                            hint: "add it by hand:\n" + rule.yamlLines(indent: 2).joined(separator: "\n"))
        }
        return .added(edited, index: index)
    }
}

extension CreationRule {
    /// The rule as the lines of a `creation_rules` item whose `-` is at column `indent`, keys in
    /// `key_groups` form (the only form that carries a KMS role and context).
    public func yamlLines(indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines = ["\(pad)- path_regex: \(Self.scalar(pathRegex ?? ""))"]
        if let selection { lines.append("\(pad)  \(selection.field): \(Self.scalar(selection.argument))") }
        if shamirThreshold > 0 { lines.append("\(pad)  shamir_threshold: \(shamirThreshold)") }
        lines.append("\(pad)  key_groups:")
        for group in keyGroups {
            var first = true
            func section(_ name: String, _ items: [[String]]) {
                guard !items.isEmpty else { return }
                lines.append(pad + (first ? "    - " : "      ") + name + ":")
                first = false
                for item in items {
                    lines.append(pad + "        - " + item[0])
                    lines += item.dropFirst().map { pad + "          " + $0 }
                }
            }
            section("kms", group.compactMap { key -> [String]? in
                guard case .awsKMS(let k) = key else { return nil }
                var item = ["arn: \(Self.scalar(k.arn))"]
                if !k.role.isEmpty { item.append("role: \(Self.scalar(k.role))") }
                if !k.awsProfile.isEmpty { item.append("aws_profile: \(Self.scalar(k.awsProfile))") }
                if !k.context.isEmpty {
                    item.append("context:")
                    item += k.context.keys.sorted().map { "  \(Self.scalar($0)): \(Self.scalar(k.context[$0]!))" }
                }
                return item
            })
            section("gcp_kms", group.compactMap { key -> [String]? in
                guard case .gcpKMS(let k) = key else { return nil }
                return ["resource_id: \(Self.scalar(k.resourceID))"]
            })
            section("azure_keyvault", group.compactMap { key -> [String]? in
                guard case .azureKeyVault(let k) = key else { return nil }
                return ["vaultUrl: \(Self.scalar(k.vaultURL))", "key: \(Self.scalar(k.name))", "version: \(Self.scalar(k.version))"]
            })
            section("hc_vault", group.compactMap { key -> [String]? in
                guard case .vaultTransit(let k) = key else { return nil }
                return [Self.scalar(MasterKey.vaultTransit(k).identity)]
            })
            section("age", group.compactMap { key -> [String]? in
                guard case .age(let k) = key else { return nil }
                return [Self.scalar(k.recipient)]
            })
            section("pgp", group.compactMap { key -> [String]? in
                guard case .pgp(let k) = key else { return nil }
                return [Self.scalar(k.fingerprint)]
            })
        }
        return lines
    }

    /// A plain scalar when it is one that reads back as this string, else single-quoted.
    static func scalar(_ text: String) -> String {
        let plain = text.first.map { $0.isASCII && $0.isLetter } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ":/._@+=-".contains($0)) }
            && !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased())
        return plain ? text : "'" + text.replacing("'", with: "''") + "'"
    }

    /// Same `path_regex`, selection, threshold and keys (by identity, group by group).
    func sameKeysAndSelection(as other: CreationRule) -> Bool {
        pathRegex == other.pathRegex && selection == other.selection && shamirThreshold == other.shamirThreshold
            && keyGroups.count == other.keyGroups.count
            && zip(keyGroups, other.keyGroups).allSatisfy { Set($0.map(\.identity)) == Set($1.map(\.identity)) }
    }
}

/// Where and how a new `creation_rules` item goes into existing `.sops.yaml` bytes.
private struct RuleInsertion {
    let source: [UInt8]
    let path: String
    /// The file's line break (CRLF files stay CRLF).
    let newline: String

    init(source: [UInt8], path: String) {
        self.source = source
        self.path = path
        newline = zip(source, source.dropFirst()).contains { $0 == 0x0D && $1 == 0x0A } ? "\r\n" : "\n"
    }

    func inserting(_ rule: CreationRule, at index: Int) throws(SopsError) -> [UInt8] {
        let stream: YAMLStream
        do { stream = try YAMLStream.parse(source) } catch { throw SopsError(.config, "cannot parse: \(error)", path: path) }
        guard let document = stream.documents.first, !stream.node(document.root).isEmpty else {
            // No document (a missing, empty or comment-only file): the list goes at the end.
            return insert(["creation_rules:"] + rule.yamlLines(indent: 2), at: source.count)
        }
        let root = stream.node(document.root)
        guard root.kind == .mapping, root.collectionStyle == .block else {
            throw SopsError(.config, "the top level is not a block mapping", path: path,
                            hint: "write .sops.yaml as `creation_rules:` followed by a list of rules")
        }
        let entries = root.children.compactMap { child -> YAMLMappingEntry? in
            if case .entry(let entry) = child { return entry }
            return nil
        }
        guard let list = entries.first(where: { stream.kind(of: $0.key) == .scalar && stream.scalarValue(of: $0.key) == "creation_rules" }) else {
            let end = lineEnd(after: root.range.upperBound)
            return insert(["creation_rules:"] + rule.yamlLines(indent: indentation(ofLineAt: root.range.lowerBound) + 2), at: end)
        }
        let value = stream.node(list.value)
        if value.kind == .scalar && value.isEmpty {
            let keyIndent = indentation(ofLineAt: stream.node(list.key).range.lowerBound)
            return insert(rule.yamlLines(indent: keyIndent + 2), at: lineEnd(after: value.range.upperBound))
        }
        guard value.kind == .sequence, value.collectionStyle == .block else {
            throw SopsError(.config, "creation_rules is not a block list (\(value.location))", path: path,
                            hint: "write each rule as a `- path_regex: …` item on its own lines")
        }
        let items = value.children.compactMap { child -> YAMLNodeID? in
            if case .item(let item) = child { return item }
            return nil
        }
        guard let first = items.first else {
            throw SopsError(.config, "creation_rules is an empty list", path: path)
        }
        let dashColumn = try dash(of: stream.node(first)) - lineStart(of: try dash(of: stream.node(first)))
        let lines = rule.yamlLines(indent: dashColumn)
        if index < items.count {
            return insert(lines, at: headingComments(above: lineStart(of: try dash(of: stream.node(items[index]))), column: dashColumn))
        }
        return insert(lines, at: lineEnd(after: stream.node(items[items.count - 1]).range.upperBound))
    }

    /// `lines` inserted at `offset` (a line start, or the end of a file that may lack a final break).
    private func insert(_ lines: [String], at offset: Int) -> [UInt8] {
        var text = lines.joined(separator: newline) + newline
        if offset > 0 && source[offset - 1] != 0x0A { text = newline + text }
        return Array(source[..<offset]) + Array(text.utf8) + Array(source[offset...])
    }

    /// The offset of the `-` that introduces a sequence item (before its anchor or tag, if any).
    private func dash(of item: YAMLNode) throws(SopsError) -> Int {
        var offset = [item.range.lowerBound, item.anchorRange?.lowerBound, item.tagRange?.lowerBound].compactMap { $0 }.min()! - 1
        while offset >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(source[offset]) { offset -= 1 }
        guard offset >= 0, source[offset] == UInt8(ascii: "-") else {
            throw SopsError(.config, "cannot find the `-` of the rule at \(item.location)", path: path)
        }
        return offset
    }

    private func lineStart(of offset: Int) -> Int {
        var start = offset
        while start > 0, source[start - 1] != 0x0A { start -= 1 }
        return start
    }

    /// The start of the line after the one holding `offset - 1` (the file's end if there is none).
    private func lineEnd(after offset: Int) -> Int {
        var end = max(offset, 1) - 1
        while end < source.count, source[end] != 0x0A { end += 1 }
        return min(end + 1, source.count)
    }

    private func indentation(ofLineAt offset: Int) -> Int {
        var column = 0
        var index = lineStart(of: offset)
        while index < source.count, source[index] == 0x20 { column += 1; index += 1 }
        return column
    }

    /// The start of the run of comment lines at `column` directly above `lineStart` (they
    /// introduce the rule below them, so the new rule goes above them).
    private func headingComments(above lineStart: Int, column: Int) -> Int {
        var start = lineStart
        while start > 0 {
            let previous = self.lineStart(of: start - 1)
            let indent = indentation(ofLineAt: previous)
            guard indent == column, previous + indent < source.count, source[previous + indent] == UInt8(ascii: "#") else { break }
            start = previous
        }
        return start
    }
}
