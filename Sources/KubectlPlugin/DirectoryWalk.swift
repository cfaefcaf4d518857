#if canImport(Glibc)
import Glibc
#endif

/// Regular files under a directory, recursively, skipping hidden entries (`.git`, editor files).
enum DirectoryWalk {
    /// Paths relative to `root`, sorted.
    static func files(under root: String) throws -> [String] {
        var result: [String] = []
        try walk(root, relative: "", into: &result)
        return result.sorted()
    }

    private static func walk(_ directory: String, relative: String, into result: inout [String]) throws {
        guard let handle = opendir(directory) else {
            throw KubectlPluginError(.io, "cannot read directory", path: directory)
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { String(decoding: UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))), as: UTF8.self) }
            }
            guard !name.hasPrefix(".") else { continue }
            let path = directory + "/" + name
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try walk(path, relative: child, into: &result)
            case S_IFREG: result.append(child)
            default: continue
            }
        }
    }
}
