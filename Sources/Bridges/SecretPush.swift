import Crypto
import HTTP
import KubectlPlugin
import Platform
import Repository
import TextEncoding

/// One Secret on its way to AWS Secrets Manager: where it lands, its values as the JSON object
/// stored there, and the tags that say where it came from.
struct SecretPush {
    var sourcePath: String
    /// Where the file is (or would be, for a revision) in the working tree.
    var absolutePath: String
    var secret: KubernetesSecret
    var namespace: String
    /// The Secrets Manager name: prefix + namespace/name.
    var remoteName: String
    /// Keys whose values are not UTF-8, stored base64 (the ExternalSecret decodes them).
    var base64Keys: Set<String>

    init(sourcePath: String, absolutePath: String, secret: KubernetesSecret, namespace: String, prefix: String) {
        self.sourcePath = sourcePath
        self.absolutePath = absolutePath
        self.secret = secret
        self.namespace = namespace
        remoteName = prefix + namespace + "/" + secret.name
        base64Keys = Set(secret.values.filter { String(validating: $0.value, as: UTF8.self) == nil }.map(\.key))
    }

    /// `{"key": "value", …}` in the Secret's key order.
    func secretString() -> SecretBytes {
        JSONBody.object(secret.values.map { key, value in
            (key, .string(base64Keys.contains(key) ? Base64.encode(value) : String(decoding: value, as: UTF8.self)))
        }).encoded()
    }

    /// Whether Secrets Manager allows `c` in a secret name (ASCII letters, digits, `/_+=.@-`).
    static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        (c.isASCII && (c.properties.isAlphabetic || c.properties.numericType != nil)) || "/_+=.@-".unicodeScalars.contains(c)
    }

    /// `gitsops:source` (the path in its repository, else as given) and, in a repository with
    /// commits, `gitsops:commit` (`revision`, else HEAD).
    static func tags(for path: String, absolute: String, revision: String?, environment: [String: String]) -> [(key: String, value: String)] {
        let file = Files.realPath(absolute) ?? absolute
        let directory = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        guard let repository = try? Repository.discover(from: directory, environment: environment),
              let root = repository.workingDirectory.flatMap({ Files.realPath($0) }), file.hasPrefix(root + "/") else {
            return [("gitsops:source", tagValue(path))]
        }
        var tags = [("gitsops:source", tagValue(String(file.dropFirst(root.count + 1))))]
        if let commit = try? repository.resolveCommit(revision ?? "HEAD") { tags.append(("gitsops:commit", commit.description)) }
        return tags
    }

    /// A tag value as AWS accepts it: at most 256 characters of letters, digits, spaces and `_.:/=+-@`.
    static func tagValue(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { c in
            c.properties.isAlphabetic || c.properties.numericType != nil || c == " " || "_.:/=+-@".unicodeScalars.contains(c) ? c : "_"
        }.prefix(256)))
    }
}
