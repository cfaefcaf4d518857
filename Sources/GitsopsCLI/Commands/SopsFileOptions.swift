import ArgumentParser
import Platform
import Sops

/// Input, output and format options shared by `encrypt` and `decrypt` (as sops has them).
struct SopsFileOptions: ParsableArguments {
    @Argument(help: "The file to read; omit or use - for stdin.")
    var file: String?

    @Flag(name: [.customShort("i"), .customLong("in-place")], help: "Write the result back to the file (atomically).")
    var inPlace = false

    @Option(help: ArgumentHelp("Use this path to pick the format and the .sops.yaml rule (for stdin).", valueName: "path"))
    var filenameOverride: String?

    @Option(help: ArgumentHelp("Input format: yaml, json, dotenv, ini or binary (default: by extension).", valueName: "type"))
    var inputType: String?

    @Option(help: ArgumentHelp("Output format (default: the input format).", valueName: "type"))
    var outputType: String?

    @Option(help: ArgumentHelp("Indentation of YAML/JSON output (overrides .sops.yaml stores).", valueName: "n"))
    var indent: Int?

    func validate() throws {
        if inPlace, file == nil || file == "-" { throw ValidationError("--in-place needs a file argument") }
        for type in [inputType, outputType].compactMap({ $0 }) where SopsFormat(rawValue: type) == nil {
            throw ValidationError("unknown type '\(type)'; use yaml, json, dotenv, ini or binary")
        }
    }

    /// The path that names the document (override, else the file; "" for stdin).
    var namingPath: String { filenameOverride ?? (file == "-" ? "" : file ?? "") }

    var inputFormat: SopsFormat { SopsFormat(typeName: inputType, path: namingPath) }
    var outputFormat: SopsFormat { outputType.flatMap(SopsFormat.init(rawValue:)) ?? inputFormat }

    /// Store settings from .sops.yaml (if any), with --indent applied.
    func stores(_ config: SopsConfig?) -> StoreSettings {
        var stores = config?.stores ?? StoreSettings()
        if let indent {
            stores.yamlIndent = indent
            stores.jsonIndent = indent
            stores.jsonBinaryIndent = indent
        }
        return stores
    }

    /// Writes the result to the file (in place) or stdout.
    func emit(_ bytes: [UInt8]) throws {
        if inPlace, let file { try FileIO.replace(file, with: bytes) } else { Terminal.writeOut(bytes) }
    }

    /// Writes a streamed result to the file (in place, atomically) or stdout, piece by piece.
    func emit(_ output: BinaryOutput) throws {
        if inPlace, let file { try FileIO.replace(file) { sink in try output.write(to: sink) } } else {
            try output.write { Terminal.writeOut($0) }
        }
    }

    /// `error` with its paths as `FileIO.displayed` shows them: the file's (the named file when it
    /// names none) and, in the message, the `.sops.yaml` at `configPath`.
    func locating(_ error: any Error, configPath: String?) -> any Error {
        switch error {
        case var error as SopsError:
            if let path = error.path ?? (namingPath.isEmpty ? nil : namingPath) { error.path = FileIO.displayed(path) }
            if let configPath { error.message = error.message.replacing(configPath, with: FileIO.displayed(configPath)) }
            return error
        case var error as FileIO.Failure:
            error.path = error.path.map(FileIO.displayed)
            return error
        default:
            return error
        }
    }

    /// The directory where `.sops.yaml` discovery starts: the named file's directory.
    var configSearchDirectory: String {
        let path = FileIO.absolute(namingPath.isEmpty ? "." : namingPath)
        guard let slash = path.lastIndex(of: "/") else { return Files.currentDirectory() }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
