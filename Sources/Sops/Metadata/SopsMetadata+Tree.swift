import KeySources

extension SopsMetadata {
    /// Reads the `sops` mapping as sops does (§6): lenient types, unknown fields ignored, flat lists
    /// preferred over `key_groups`.
    init(tree value: SopsValue) throws(SopsError) {
        let m = try LenientMapping(value, context: "")
        let lastModifiedText = try m.string("lastmodified")
        guard let lastModified = SopsTime.parseRFC3339(lastModifiedText, strict: false) else {
            throw SopsError(.metadata, "parsing time \"\(lastModifiedText)\" as RFC3339: cannot parse (sops.lastmodified)")
        }
        var groups: [[MasterKey]] = []
        let flat = try Self.keys(in: m)
        if !flat.isEmpty {
            groups = [flat]
        } else {
            for group in try m.list("key_groups") {
                groups.append(try Self.keys(in: LenientMapping(group, context: "key_groups[]")))
            }
        }
        guard !groups.isEmpty else {
            throw SopsError(.metadata, "No keys found in file")
        }
        var selectionValues: [String: String] = [:]
        for field in SelectionRule.fields { selectionValues[field] = try m.string(field) }
        let layout = try m.string("gitsops_layout")
        self.init(keyGroups: groups, shamirThreshold: try m.int("shamir_threshold"), lastModified: lastModified,
                  mac: try m.string("mac"), storedSelection: try SelectionRule.single(from: selectionValues),
                  macOnlyEncrypted: try m.bool("mac_only_encrypted"), version: try m.string("version"),
                  layout: layout.isEmpty ? nil : layout)
    }

    /// sops' in-group order after loading: kms, gcp_kms, hckms, azure_kv, hc_vault, pgp, age (§6.4).
    private static func keys(in m: LenientMapping) throws(SopsError) -> [MasterKey] {
        var keys: [MasterKey] = []
        for entry in try m.list("kms") {
            let e = try LenientMapping(entry, context: m.context.isEmpty ? "kms" : "\(m.context).kms")
            keys.append(.awsKMS(AWSKMSKey(arn: try e.string("arn"), role: try e.string("role"),
                                          context: try e.mapping("context")?.stringEntries() ?? [:],
                                          awsProfile: try e.string("aws_profile"), createdAt: try createdAt(e),
                                          enc: try e.string("enc"))))
        }
        for entry in try m.list("gcp_kms") {
            let e = try LenientMapping(entry, context: "gcp_kms")
            keys.append(.gcpKMS(GCPKMSKey(resourceID: try e.string("resource_id"), createdAt: try createdAt(e),
                                          enc: try e.string("enc"))))
        }
        for entry in try m.list("hckms") {
            let e = try LenientMapping(entry, context: "hckms")
            keys.append(.huaweiKMS(HuaweiKMSKey(keyID: try e.string("key_id"), createdAt: try createdAt(e),
                                                enc: try e.string("enc"))))
        }
        for entry in try m.list("azure_kv") {
            let e = try LenientMapping(entry, context: "azure_kv")
            keys.append(.azureKeyVault(AzureKeyVaultKey(vaultURL: try e.string("vault_url"), name: try e.string("name"),
                                                        version: try e.string("version"), createdAt: try createdAt(e),
                                                        enc: try e.string("enc"))))
        }
        for entry in try m.list("hc_vault") {
            let e = try LenientMapping(entry, context: "hc_vault")
            keys.append(.vaultTransit(VaultTransitKey(vaultAddress: try e.string("vault_address"),
                                                      enginePath: try e.string("engine_path"),
                                                      keyName: try e.string("key_name"), createdAt: try createdAt(e),
                                                      enc: try e.string("enc"))))
        }
        for entry in try m.list("pgp") {
            let e = try LenientMapping(entry, context: "pgp")
            keys.append(.pgp(PGPKey(fingerprint: try e.string("fp"), createdAt: try createdAt(e), enc: try e.string("enc"))))
        }
        for entry in try m.list("age") {
            let e = try LenientMapping(entry, context: "age")
            keys.append(.age(AgeKey(recipient: try e.string("recipient"), enc: try e.string("enc"))))
        }
        return keys
    }

    /// `created_at` must be present and RFC 3339 for every type but age; sops re-formats it.
    private static func createdAt(_ e: LenientMapping) throws(SopsError) -> String {
        let text = try e.string("created_at")
        guard let time = SopsTime.parseRFC3339(text, strict: false) else {
            throw SopsError(.metadata, "parsing time \"\(text)\" as RFC3339: cannot parse (\(e.context).created_at)")
        }
        return time.rfc3339Seconds
    }

    /// The `sops` mapping as sops 3.13 writes it: keys sorted at every level, empty fields left out,
    /// `key_groups` only for two or more groups (§6.2–§6.4). `withLayout` adds `gitsops_layout`.
    func tree(withLayout: Bool) -> SopsValue {
        var fields: [(String, SopsValue)] = []
        if keyGroups.count == 1 {
            fields += Self.lists(of: keyGroups[0], alwaysPresent: [])
        } else if keyGroups.count > 1 {
            fields.append(("key_groups", .sequence(keyGroups.map {
                .mapping(Self.lists(of: $0, alwaysPresent: ["age", "hc_vault"]).map { .entry($0.0, $0.1) })
            })))
        }
        if withLayout, let layout { fields.append(("gitsops_layout", .text(layout))) }
        fields.append(("lastmodified", .text(lastModified.rfc3339Seconds)))
        fields.append(("mac", .text(mac)))
        if macOnlyEncrypted { fields.append(("mac_only_encrypted", .bool(true))) }
        if shamirThreshold != 0 { fields.append(("shamir_threshold", .int(Int64(shamirThreshold)))) }
        if let storedSelection { fields.append((storedSelection.field, .text(storedSelection.argument))) }
        fields.append(("version", .text(version)))
        return .mapping(fields.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map { .entry($0.0, $0.1) })
    }

    /// The per-type lists of one group, sorted by type name; empty lists omitted unless named.
    private static func lists(of group: [MasterKey], alwaysPresent: Set<String>) -> [(String, SopsValue)] {
        var byType: [String: [SopsValue]] = [:]
        for key in group { byType[key.type.rawValue, default: []].append(stanza(key)) }
        for name in alwaysPresent where byType[name] == nil { byType[name] = [] }
        return byType.keys.sorted().map { ($0, .sequence(byType[$0]!)) }
    }

    /// One key's stanza with its fields in sorted order (§6.3).
    static func stanza(_ key: MasterKey) -> SopsValue {
        var fields: [(String, SopsValue)]
        switch key {
        case .age(let k):
            fields = [("enc", .text(k.enc)), ("recipient", .text(k.recipient))]
        case .pgp(let k):
            fields = [("created_at", .text(k.createdAt)), ("enc", .text(k.enc)), ("fp", .text(k.fingerprint))]
        case .awsKMS(let k):
            fields = [("arn", .text(k.arn)), ("aws_profile", .text(k.awsProfile))]
            if !k.context.isEmpty {
                fields.append(("context", .mapping(k.context.keys.sorted().map { .entry($0, .text(k.context[$0]!)) })))
            }
            fields += [("created_at", .text(k.createdAt)), ("enc", .text(k.enc))]
            if !k.role.isEmpty { fields.append(("role", .text(k.role))) }
        case .gcpKMS(let k):
            fields = [("created_at", .text(k.createdAt)), ("enc", .text(k.enc)), ("resource_id", .text(k.resourceID))]
        case .azureKeyVault(let k):
            fields = [("created_at", .text(k.createdAt)), ("enc", .text(k.enc)), ("name", .text(k.name)),
                      ("vault_url", .text(k.vaultURL)), ("version", .text(k.version))]
        case .vaultTransit(let k):
            fields = [("created_at", .text(k.createdAt)), ("enc", .text(k.enc)), ("engine_path", .text(k.enginePath)),
                      ("key_name", .text(k.keyName)), ("vault_address", .text(k.vaultAddress))]
        case .huaweiKMS(let k):
            fields = [("created_at", .text(k.createdAt)), ("enc", .text(k.enc)), ("key_id", .text(k.keyID))]
        }
        return .mapping(fields.map { .entry($0.0, $0.1) })
    }
}
