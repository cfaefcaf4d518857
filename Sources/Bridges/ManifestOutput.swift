import KubectlPlugin
import LosslessYAML
import Platform
import SystemPackage

/// Where generated manifests go: standard output, or files in a directory (`-o DIR`), one per
/// input file with the input's name, each written atomically.
struct ManifestOutput {
    /// One output file's documents.
    struct File {
        var name: String
        var documents: [YAMLOutputNode]
    }

    /// nil: standard output.
    let directory: String?

    /// `input`'s output name: its base name with a `.yaml` extension.
    static func name(for input: String) -> String {
        var base = input.split(separator: "/").last.map(String.init) ?? input
        for ext in [".yaml", ".yml", ".json"] where base.lowercased().hasSuffix(ext) {
            base = String(base.dropLast(ext.count))
            break
        }
        return base + ".yaml"
    }

    /// Writes `files`; nothing is written when two would share a name or one would replace an input
    /// (`inputs`: absolute paths).
    func write(_ files: [File], inputs: [String], context: PluginContext) throws(KubectlPluginError) {
        guard let directory else {
            context.standardOutput(BridgeYAML.emit(files.flatMap(\.documents)))
            return
        }
        let absolute = context.absolute(directory)
        try Self.makeDirectory(absolute, display: directory)
        let inputPaths = Set(inputs.compactMap(Files.realPath))
        var seen: Set<String> = []
        for file in files {
            guard seen.insert(file.name).inserted else {
                throw KubectlPluginError(.usage, "two inputs would both be written to \(file.name)", path: directory,
                                  hint: "give the input files different names, or run once per directory")
            }
            if let existing = Files.realPath(absolute + "/" + file.name), inputPaths.contains(existing) {
                throw KubectlPluginError(.usage, "\(file.name) is an input; refusing to overwrite it", path: directory,
                                  hint: "write the manifests to another directory")
            }
        }
        for file in files {
            let display = (directory.hasSuffix("/") ? directory : directory + "/") + file.name
            do {
                try FileSystem.replaceAtomically(.init(absolute + "/" + file.name), with: BridgeYAML.emit(file.documents))
            } catch {
                throw KubectlPluginError(.io, wrapping: error, path: display)
            }
            context.standardError("wrote \(display)")
        }
    }

    /// `mkdir -p`.
    private static func makeDirectory(_ path: String, display: String) throws(KubectlPluginError) {
        do {
            try Files.createDirectories(path, permissions: FilePermissions(rawValue: 0o755))
        } catch {
            throw KubectlPluginError(.io, error.message, path: display)
        }
        guard Files.isDirectory(path) else { throw KubectlPluginError(.io, "not a directory", path: display) }
    }
}
