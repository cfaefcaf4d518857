import Platform
import TextEncoding
/// `kubectl secrets create`: a new Secret, as `kubectl create secret generic --dry-run=client -o yaml`
/// would print it, written straight into an encrypted file (the plaintext never touches disk).
public struct CreateCommand: Sendable {
    public var name: String
    public var type: String?
    public var namespace: String?
    /// `KEY=VALUE` pairs.
    public var literals: [String]
    /// `[KEY=]PATH` sources (a directory contributes each regular file in it).
    public var files: [String]
    public var envFiles: [String]
    /// The file to create (encrypted per `.sops.yaml`).
    public var output: String
    /// Replace `output` if it exists.
    public var overwrite: Bool

    public init(name: String, type: String? = nil, namespace: String? = nil, literals: [String] = [], files: [String] = [],
                envFiles: [String] = [], output: String, overwrite: Bool = false) {
        self.name = name
        self.type = type
        self.namespace = namespace
        self.literals = literals
        self.files = files
        self.envFiles = envFiles
        self.output = output
        self.overwrite = overwrite
    }

    public func run(_ context: PluginContext) async throws {
        let target = context.absolute(output)
        if !overwrite && Files.exists(target) {
            throw KubectlPluginError(.usage, "already exists", path: output,
                                     hint: "change it with `kubectl secrets edit \(output)`, or pass --overwrite")
        }
        try await Self.writeEncrypted([try manifest(context)], to: target, context: context)
        context.standardError("secret/\(name) written to \(output) (encrypted)")
    }

    /// Writes `manifests` to `target` (absolute) as kubectl prints them (YAML documents; JSON for a
    /// `.json` file, which holds one), encrypted per `.sops.yaml` in memory, atomically: the
    /// plaintext never touches the disk. `kubectl secrets import` writes its files the same way.
    static func writeEncrypted(_ manifests: [ManifestValue], to target: String, context: PluginContext) async throws {
        let text = target.lowercased().hasSuffix(".json") ? manifests.map(\.prettyJSON).joined() : manifests.map(\.yaml).joined(separator: "---\n")
        let encrypted = try await context.engine.encrypt(Array(text.utf8), path: target, previous: nil)
        try FileSystem.replaceAtomically(.init(target), with: encrypted, mode: 0o644)
    }

    /// The Secret object.
    func manifest(_ context: PluginContext) throws -> ManifestValue {
        guard SecretKeys.isValidName(name) else {
            throw KubectlPluginError(.usage, "invalid Secret name \"\(name)\"",
                                     hint: "use lower case letters, digits, '-' and '.' (RFC 1123)")
        }
        if !envFiles.isEmpty && !(literals.isEmpty && files.isEmpty) {
            throw KubectlPluginError(.usage, "--from-env-file cannot be combined with --from-file or --from-literal")
        }
        var data: [(String, [UInt8])] = []
        func add(_ key: String, _ value: [UInt8]) throws {
            guard SecretKeys.isValidKey(key) else {
                throw KubectlPluginError(.usage, "\"\(key)\" is not a valid key name for a Secret",
                                         hint: "keys consist of alphanumerics, '-', '_' and '.'")
            }
            guard !data.contains(where: { $0.0 == key }) else {
                throw KubectlPluginError(.usage, "cannot add key \(key), another key by that name already exists")
            }
            data.append((key, value))
        }
        for literal in literals {
            guard let equals = literal.firstIndex(of: "="), equals != literal.startIndex else {
                throw KubectlPluginError(.usage, "--from-literal needs KEY=VALUE")
            }
            try add(String(literal[..<equals]), Array(literal[literal.index(after: equals)...].utf8))
        }
        for source in files {
            for (key, path) in try SecretKeys.fileSources(source, context: context) {
                try add(key, try FileSystem.readFile(.init(context.absolute(path))))
            }
        }
        for path in envFiles {
            for (key, value) in try SecretKeys.envFile(try FileSystem.readFile(.init(context.absolute(path))), path: path,
                                                       environment: context.environment) {
                try add(key, value)
            }
        }
        // kubectl's order (its YAML printer sorts keys), creationTimestamp included, so the file
        // reads exactly like `kubectl create secret generic --dry-run=client -o yaml`.
        var metadata: [ManifestValue.Field] = [.init("creationTimestamp", .null), .init("name", .string(name))]
        if let namespace { metadata.append(.init("namespace", .string(namespace))) }
        var fields: [ManifestValue.Field] = [.init("apiVersion", .string("v1"))]
        if !data.isEmpty {
            fields.append(.init("data", .object(data.sorted { $0.0 < $1.0 }.map { .init($0.0, .string(Base64.encode($0.1))) })))
        }
        fields += [.init("kind", .string("Secret")), .init("metadata", .object(metadata))]
        if let type { fields.append(.init("type", .string(type))) }
        return .object(fields)
    }
}

/// Secret names, keys and the `--from-file`/`--from-env-file` sources, with kubectl's rules.
enum SecretKeys {
    /// RFC 1123 subdomain, as Kubernetes requires for Secret names.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 253 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }
            && name.first!.isASCII && (name.first!.isLetter || name.first!.isNumber) && (name.last!.isLetter || name.last!.isNumber)
    }

    /// `[-._a-zA-Z0-9]+`, at most 253 characters, not `.` or `..`.
    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 253 && key != "." && key != ".."
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    /// `KEY=PATH` or `PATH` (key: the file name); a directory yields each regular file in it.
    static func fileSources(_ source: String, context: PluginContext) throws -> [(String, String)] {
        if let equals = source.firstIndex(of: "="), equals != source.startIndex {
            let key = String(source[..<equals]), path = String(source[source.index(after: equals)...])
            if Files.isDirectory(context.absolute(path)) {
                throw KubectlPluginError(.usage, "cannot give a key name for a directory", path: path)
            }
            return [(key, path)]
        }
        let absolute = context.absolute(source)
        if Files.isDirectory(absolute) {
            return try DirectoryWalk.files(under: absolute).filter { !$0.contains("/") }.map { ($0, source + "/" + $0) }
        }
        return [(String(source.split(separator: "/").last ?? Substring(source)), source)]
    }

    /// `KEY=VALUE` lines; blank lines and `#` comments skipped; a bare `KEY` takes its value from the environment.
    static func envFile(_ bytes: [UInt8], path: String, environment: [String: String]) throws -> [(String, [UInt8])] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var result: [(String, [UInt8])] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine.drop(while: { $0 == " " || $0 == "\t" }))
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let key: String, value: String
            if let equals = line.firstIndex(of: "=") {
                key = String(line[..<equals])
                value = String(line[line.index(after: equals)...])
            } else {
                key = String(line)
                value = environment[key] ?? ""
            }
            guard isValidKey(key) else {
                throw KubectlPluginError(.usage, "line \(number + 1): \"\(key)\" is not a valid key name", path: path)
            }
            result.append((key, Array(value.utf8)))
        }
        return result
    }
}
