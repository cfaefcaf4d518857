/// `kubectl secrets view`: decrypted manifests on standard output.
public struct ViewCommand: Sendable {
    public var paths: [String]
    public var revision: String?
    /// Show Secret `data` decoded, as `stringData`.
    public var decode: Bool

    public init(paths: [String], revision: String? = nil, decode: Bool = false) {
        self.paths = paths
        self.revision = revision
        self.decode = decode
    }

    public func run(_ context: PluginContext) async throws {
        let files = try await SecretFileLoader(context: context).load(paths, revision: revision)
        var output: [UInt8] = []
        for (index, file) in files.enumerated() {
            if index > 0 { output += Array("---\n".utf8) }
            if files.count > 1 { output += Array("# Source: \(file.displayPath)\n".utf8) }
            if decode {
                let documents = try context.documents(of: file).filter { $0 != .null }
                output += Array(documents.map { SecretView.decoded($0).yaml }.joined(separator: "---\n").utf8)
            } else {
                output += file.plaintext
                if file.plaintext.last != UInt8(ascii: "\n") && !file.plaintext.isEmpty { output.append(UInt8(ascii: "\n")) }
            }
        }
        context.standardOutput(output)
    }
}

/// Joins decrypted files into one YAML stream for `kubectl ... -f -`. Every document starts with
/// `---`: kubectl reads a stream whose first byte is `{` as JSON only, and JSON is also YAML.
enum ManifestStream {
    static func join(_ files: [SecretFile]) -> [UInt8] {
        var stream: [UInt8] = []
        for file in files {
            stream += Array("---\n".utf8)
            stream += file.plaintext
            if file.plaintext.last != UInt8(ascii: "\n") { stream.append(UInt8(ascii: "\n")) }
        }
        return stream
    }
}
