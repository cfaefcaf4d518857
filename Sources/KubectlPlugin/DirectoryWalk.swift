import Platform

/// Regular files under a directory, recursively, skipping hidden entries (`.git`, editor files).
enum DirectoryWalk {
    /// Paths relative to `root`, sorted.
    static func files(under root: String) throws -> [String] {
        var result: [String] = []
        try walk(root, relative: "", into: &result)
        return result.sorted()
    }

    private static func walk(_ directory: String, relative: String, into result: inout [String]) throws {
        guard let names = Files.entries(of: directory) else {
            throw KubectlPluginError(.io, "cannot read directory", path: directory)
        }
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            let child = relative.isEmpty ? name : relative + "/" + name
            switch Files.status(path)?.kind {
            case .directory: try walk(path, relative: child, into: &result)
            case .regular: result.append(child)
            default: continue
            }
        }
    }
}
