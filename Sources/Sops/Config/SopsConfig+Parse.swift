import KeySources

extension SopsConfig {
    /// Parses `.sops.yaml` text (rule fields in string and list forms, `key_groups`, `stores`).
    public init(parsing bytes: [UInt8], path: String) throws(SopsError) {
        let documents = try DocumentStore(format: .yaml, settings: StoreSettings()).parsePlain(bytes, withLayout: false).branches
        let root = try LenientMapping(.mapping(documents.first ?? []), context: "")
        var rules: [CreationRule] = []
        for (index, entry) in try root.list("creation_rules").enumerated() {
            rules.append(try Self.rule(LenientMapping(entry, context: "creation_rules[\(index)]")))
        }
        var stores = StoreSettings()
        if let section = try root.mapping("stores") {
            if let yaml = try section.mapping("yaml") {
                let indent = try yaml.int("indent")
                guard indent >= 0 else { throw SopsError(.config, "YAML Negative indentation not accepted") }
                stores.yamlIndent = indent == 0 ? 4 : indent
            }
            for (name, keyPath) in [("json", \StoreSettings.jsonIndent), ("json_binary", \StoreSettings.jsonBinaryIndent)] {
                guard let json = try section.mapping(name) else { continue }
                let indent = json.value("indent") == nil ? -1 : try json.int("indent")
                guard indent >= -1 else { throw SopsError(.config, "JSON Indentation parameter smaller than -1 is not accepted") }
                stores[keyPath: keyPath] = indent
            }
        }
        self.init(path: path, creationRules: rules, stores: stores)
    }

    private static func rule(_ m: LenientMapping) throws(SopsError) -> CreationRule {
        var selections: [String: String] = [:]
        for field in SelectionRule.fields { selections[field] = try m.string(field) }
        let selection: SelectionRule?
        do {
            selection = try SelectionRule.single(from: selections)
        } catch {
            throw SopsError(.config, "error loading config: cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex for the same rule")
        }
        var groups: [[MasterKey]] = []
        let keyGroups = try m.list("key_groups")
        if !keyGroups.isEmpty {
            for (index, group) in keyGroups.enumerated() {
                groups.append(try keyGroup(LenientMapping(group, context: "\(m.context).key_groups[\(index)]")))
            }
        } else if m.value("key_groups") == nil {
            let profile = try m.string("aws_profile")
            var flat: [MasterKey] = []
            flat += try strings(m, "age").map { .age(AgeKey(recipient: $0)) }
            flat += try strings(m, "pgp").map { .pgp(PGPKey(fingerprint: $0.filter { $0 != " " })) }
            flat += try strings(m, "kms").map { .awsKMS(kmsKey($0, profile: profile)) }
            flat += try strings(m, "gcp_kms").map { .gcpKMS(GCPKMSKey(resourceID: $0.filter { $0 != " " })) }
            flat += try strings(m, "hckms", listOnly: true).map { .huaweiKMS(HuaweiKMSKey(keyID: $0)) }
            for url in try strings(m, "azure_keyvault") { flat.append(.azureKeyVault(try azureKey(url))) }
            for uri in try strings(m, "hc_vault_transit_uri") { flat.append(.vaultTransit(try vaultKey(uri))) }
            if !flat.isEmpty { groups = [flat] }
        }
        return CreationRule(pathRegex: try m.string("path_regex"), keyGroups: groups,
                            shamirThreshold: try m.int("shamir_threshold"), selection: selection,
                            macOnlyEncrypted: try m.bool("mac_only_encrypted"))
    }

    /// One `key_groups` entry: `merge` entries first, then each type; duplicates dropped.
    private static func keyGroup(_ g: LenientMapping) throws(SopsError) -> [MasterKey] {
        var keys: [MasterKey] = []
        for (index, merged) in try g.list("merge").enumerated() {
            keys += try keyGroup(LenientMapping(merged, context: "\(g.context).merge[\(index)]"))
        }
        keys += try strings(g, "age").map { .age(AgeKey(recipient: $0)) }
        keys += try strings(g, "pgp").map { .pgp(PGPKey(fingerprint: $0.filter { $0 != " " })) }
        for entry in try g.list("kms") {
            let k = try LenientMapping(entry, context: "\(g.context).kms")
            var key = kmsKey(try k.string("arn"), profile: try k.string("aws_profile"))
            let role = try k.string("role")
            if !role.isEmpty { key.role = role }
            key.context = try k.mapping("context")?.stringEntries() ?? [:]
            keys.append(.awsKMS(key))
        }
        for entry in try g.list("gcp_kms") {
            let k = try LenientMapping(entry, context: "\(g.context).gcp_kms")
            keys.append(.gcpKMS(GCPKMSKey(resourceID: try k.string("resource_id").filter { $0 != " " })))
        }
        for entry in try g.list("hckms") {
            keys.append(.huaweiKMS(HuaweiKMSKey(keyID: try LenientMapping(entry, context: "\(g.context).hckms").string("key_id"))))
        }
        for entry in try g.list("azure_keyvault") {
            let k = try LenientMapping(entry, context: "\(g.context).azure_keyvault")
            keys.append(.azureKeyVault(AzureKeyVaultKey(vaultURL: try k.string("vaultUrl"), name: try k.string("key"),
                                                        version: try k.string("version"))))
        }
        for uri in try strings(g, "hc_vault") { keys.append(.vaultTransit(try vaultKey(uri))) }
        var seen: Set<String> = []
        return keys.filter { seen.insert("\($0.type.rawValue) \($0.identity)").inserted }
    }

    /// A key field in string form (comma-separated) or list form (each element may itself be a
    /// comma-separated string); entries trimmed, empty ones dropped.
    private static func strings(_ m: LenientMapping, _ field: String, listOnly: Bool = false) throws(SopsError) -> [String] {
        guard let value = m.value(field) else { return [] }
        var raw: [String] = []
        switch value {
        case .null: return []
        case .string(let bytes) where !listOnly: raw = [String(decoding: bytes, as: UTF8.self)]
        case .sequence(let elements):
            for element in elements {
                if case .comment = element { continue }
                guard case .string(let bytes) = element else {
                    throw SopsError(.config, "invalid \(field) key configuration: expected string in list, got \(element.kindName)")
                }
                raw.append(String(decoding: bytes, as: UTF8.self))
            }
        default:
            throw SopsError(.config, "invalid \(field) key configuration: expected \(listOnly ? "a list" : "a string or a list"), got \(value.kindName)")
        }
        return raw.flatMap { $0.split(separator: ",").map { $0.trimmingSpaces } }.filter { !$0.isEmpty }
    }

    /// `arn` or `arn+role-arn`.
    private static func kmsKey(_ text: String, profile: String) -> AWSKMSKey {
        let trimmed = text.filter { $0 != " " }
        if let split = trimmed.firstRange(of: "+arn:") {
            return AWSKMSKey(arn: String(trimmed[..<split.lowerBound]), role: String(trimmed[trimmed.index(after: split.lowerBound)...]),
                             awsProfile: profile)
        }
        return AWSKMSKey(arn: trimmed, awsProfile: profile)
    }

    /// `https://<vault>/keys/<name>[/<version>]`.
    static func azureKey(_ url: String) throws(SopsError) -> AzureKeyVaultKey {
        guard let keys = url.firstRange(of: "/keys/"), url.hasPrefix("https://") else {
            throw SopsError(.config, "invalid Azure Key Vault key URL '\(url)'", hint: "write it as https://<vault>/keys/<name>[/<version>]")
        }
        let parts = url[keys.upperBound...].split(separator: "/", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count) else { throw SopsError(.config, "invalid Azure Key Vault key URL '\(url)'") }
        return AzureKeyVaultKey(vaultURL: String(url[..<keys.lowerBound]), name: String(parts[0]),
                                version: parts.count == 2 ? String(parts[1]) : "")
    }

    /// `https://vault:8200/v1/<engine path>/keys/<key name>`.
    private static func vaultKey(_ uri: String) throws(SopsError) -> VaultTransitKey {
        guard let scheme = uri.firstRange(of: "://") else { throw SopsError(.config, "invalid Vault transit URI '\(uri)'") }
        let afterScheme = uri[scheme.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { throw SopsError(.config, "invalid Vault transit URI '\(uri)'") }
        let address = String(uri[..<slash])
        let rest = afterScheme[slash...]
        guard rest.hasPrefix("/v1/"), let keys = rest.lastRange(of: "/keys/") else {
            throw SopsError(.config, "invalid Vault transit URI '\(uri)'", hint: "write it as https://vault:8200/v1/<engine path>/keys/<key name>")
        }
        let engine = rest[rest.index(rest.startIndex, offsetBy: 4)..<keys.lowerBound]
        let name = rest[keys.upperBound...]
        guard !engine.isEmpty, !name.isEmpty, !name.contains("/") else { throw SopsError(.config, "invalid Vault transit URI '\(uri)'") }
        return VaultTransitKey(vaultAddress: address, enginePath: String(engine), keyName: String(name))
    }
}

extension Substring {
    func lastRange(of needle: String) -> Range<Index>? {
        var found: Range<Index>?
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            found = range
            rest = rest[range.upperBound...]
        }
        return found
    }
}
