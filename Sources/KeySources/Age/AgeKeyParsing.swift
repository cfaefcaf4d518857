import Age

/// age's key parsers as sops' key services use them: a failure is a `KeySourceError` (`.invalidKey`,
/// in age's words), and a recipient kind this build lacks is `.unsupported` (§7.2).
extension X25519Recipient {
    /// Parses `age1…`; anything else is `.invalidKey` (`malformed recipient "…": …`), and
    /// post-quantum recipients are `.unsupported` (plugin recipients are `AgePluginRecipient`).
    init(parsing string: String) throws(KeySourceError) {
        if let kind = Self.unsupportedKind(string) {
            throw KeySourceError(.unsupported, key: string, "\(kind) recipients are not supported by gitsops",
                                 hint: "use a native X25519 recipient (age1…, from `gitsops keygen` or `age-keygen`)")
        }
        do { self = try X25519Recipient(string) } catch { throw .invalidKey(error) }
    }

    /// Names recipient kinds that look like age recipients but need code this build lacks (§7.2).
    static func unsupportedKind(_ string: String) -> String? {
        string.hasPrefix("age1pq1") ? "post-quantum (age1pq1…)" : nil
    }
}

extension X25519Identity {
    /// Parses one `AGE-SECRET-KEY-1…` line. Errors never repeat the key.
    init(parsing line: [UInt8]) throws(KeySourceError) {
        do { self = try X25519Identity(line) } catch { throw .invalidKey(error) }
    }
}

extension AgePluginIdentity {
    /// Parses one `AGE-PLUGIN-<NAME>-1…` word found in `source`. Errors never repeat it.
    init(parsing word: [UInt8], source: String) throws(KeySourceError) {
        do { self = try AgePluginIdentity(word, source: source) } catch { throw .invalidKey(error) }
    }
}

extension AgePluginRecipient {
    /// The plugin recipient `string` names, nil when it is not one (`age1…`, `age1pq1…`).
    static func parsing(_ string: String) throws(KeySourceError) -> AgePluginRecipient? {
        do { return try parse(string) } catch { throw .invalidKey(error) }
    }
}

extension KeySourceError {
    /// A key string age could not parse, quoted as age words it.
    static func invalidKey(_ error: AgeError) -> KeySourceError { KeySourceError(.invalidKey, key: "", error.message) }
}
