/// The file formats sops knows (spec/sops-format.md §1.2).
public enum SopsFormat: String, Sendable, CaseIterable {
    case yaml, json, dotenv, ini, binary

    /// The format sops picks for a file name: by suffix, anything unknown is binary.
    public init(path: String) {
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { self = .yaml }
        else if path.hasSuffix(".json") { self = .json }
        else if path.hasSuffix(".env") { self = .dotenv }
        else if path.hasSuffix(".ini") { self = .ini }
        else { self = .binary }
    }

    /// `--input-type`/`--output-type`: a known name wins, anything else falls back to the path.
    public init(typeName: String?, path: String) {
        self = typeName.flatMap(SopsFormat.init(rawValue:)) ?? SopsFormat(path: path)
    }
}
