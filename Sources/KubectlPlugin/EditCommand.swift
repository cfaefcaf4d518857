import Diagnostics
import Platform
import Subprocess
import SystemPackage

/// `kubectl secrets edit`: the decrypted file, Secret data decoded, in the user's editor on a
/// tmpfs copy; validated, re-encrypted with the same data key and written back atomically.
public struct EditCommand: Sendable {
    public var path: String
    /// Accept a disk-backed temporary directory when no tmpfs exists.
    public var allowDiskTemp: Bool

    public init(path: String, allowDiskTemp: Bool = false) {
        self.path = path
        self.allowDiskTemp = allowDiskTemp
    }

    static let header = """
        # Please edit the object below. Lines beginning with a '#' will be ignored,
        # and an empty file will abort the edit. If an error occurs while saving this file will be
        # reopened with the relevant failures.
        #
        # Secret data is shown decoded under stringData; saving encodes it into data again.
        #

        """

    public func run(_ context: PluginContext) async throws {
        let original = try await EditTarget.open(path, context: context)
        let decoded = original.documents.map(SecretView.decoded)
        let view = Self.header + (original.isJSON ? decoded.map(\.prettyJSON).joined() : decoded.map(\.yaml).joined(separator: "---\n"))
        let editor = Editor.configured(environment: context.environment)
        do {
            try await TmpfsWorkspace.withWorkspace(environment: context.environment, allowDisk: allowDiskTemp) { workspace in
                if !workspace.isTmpfs {
                    context.standardError("warning: no tmpfs: the plaintext copy lives on disk in \(workspace.directory)")
                }
                let name = "edit-" + (FilePath(path).lastComponent?.string ?? "secret.yaml")
                var shown = view
                // The previous attempt that failed to save, without comment lines: the same text
                // again means the editor returned without a fix (kubectl edit's rule), so give up
                // instead of reopening forever (an editor that exits at once, or writes one text).
                var failed: String?
                while true {
                    try workspace.write(Array(shown.utf8), to: name)
                    try await Self.runEditor(editor, file: workspace.path(name), environment: context.environment)
                    let edited = String(decoding: try workspace.read(name), as: UTF8.self)
                    if edited == view {
                        context.standardError("Edit cancelled, no changes made.")
                        return
                    }
                    if edited.split(separator: "\n").allSatisfy({ $0.trimmingWhitespace.isEmpty || $0.trimmingWhitespace.hasPrefix("#") }) {
                        context.standardError("Edit cancelled, saved file was empty.")
                        return
                    }
                    let documents: [ManifestValue]
                    let content = Self.withoutCommentLines(edited)
                    do {
                        documents = try original.accept(content, context: context)
                    } catch {
                        if content == failed {
                            // Saved again without fixing the error: stop, keeping the text for the user.
                            workspace.keep()
                            throw KubectlPluginError(.editAborted, "edit cancelled: the file is still invalid (\(Self.firstLine(error)))",
                                                     path: path, hint: "your edit is kept at \(workspace.path(name)) (tmpfs); delete it when done")
                        }
                        failed = content
                        shown = Self.reopened(edited, error: error)
                        continue
                    }
                    if documents == original.documents {
                        context.standardError("Edit cancelled, no changes made.")
                        return
                    }
                    do {
                        try await original.save(documents, context: context)
                    } catch {
                        workspace.keep()
                        throw KubectlPluginError(.writeBack, "cannot save: \(Self.firstLine(error))", path: path,
                                                 hint: "your edit is kept at \(workspace.path(name)) (tmpfs); delete it when done")
                    }
                    context.standardError("\(path) edited" + (original.isEncrypted ? " (encrypted)" : ""))
                    return
                }
            }
        } catch let error as PlatformError where error.code == .noTmpfs {
            throw KubectlPluginError(.noTmpfs, error.message,
                                     hint: "set XDG_RUNTIME_DIR to a tmpfs directory, or pass --allow-disk-tmp to accept plaintext on disk")
        }
    }

    /// The edited text with the error on top as comments, replacing an earlier error block.
    static func reopened(_ edited: String, error: any Error) -> String {
        let body = edited.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.hasPrefix("#") }.joined(separator: "\n")
        let message = String(describing: error).split(separator: "\n").map { "# " + $0 }.joined(separator: "\n")
        return header + "# The edited file had an error:\n" + message + "\n#\n" + body
    }

    /// The text without lines that begin with '#' (the header and error notes; JSON has no comments).
    static func withoutCommentLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }

    static func firstLine(_ error: any Error) -> String {
        String(String(describing: error).split(separator: "\n").first ?? "")
    }

    /// Runs the editor on the terminal; a failure or signal abandons the edit.
    static func runEditor(_ editor: Editor, file: FilePath, environment: [String: String]) async throws {
        let executable: Executable = editor.executable.contains("/") ? .path(FilePath(editor.executable)) : .name(editor.executable)
        let configuration = Configuration(
            executable: executable, arguments: Arguments(editor.arguments(editing: file)),
            environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })))
        let status: TerminationStatus
        do {
            status = try await Subprocess.run(configuration, input: .currentStandardInput, output: .currentStandardOutput,
                                              error: .currentStandardError) { execution in
                SignalCleanup.shared.registerChild(execution.processIdentifier.value)
            }.terminationStatus
        } catch {
            throw KubectlPluginError(.subprocess, "cannot start the editor \(editor.executable): \(error)",
                                     hint: "set KUBE_EDITOR or EDITOR")
        }
        guard status.isSuccess else {
            throw KubectlPluginError(.editAborted, "the editor \(status.phrase); nothing was changed")
        }
    }
}
