public import Diagnostics

/// Everything that can go wrong in `kubectl secrets`; never carries a secret value.
public struct KubectlPluginError: GitsopsError, Equatable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable {
        let name: String
        /// No tmpfs directory to hold the editor's plaintext copy.
        public static let noTmpfs = Code(name: "noTmpfs")
        /// A file system call failed.
        public static let io = Code(name: "io")
        /// The input is not a usable Kubernetes manifest.
        public static let invalidManifest = Code(name: "invalidManifest")
        /// A path names no decryptable file.
        public static let nothingToDecrypt = Code(name: "nothingToDecrypt")
        /// `kubectl`, the editor or another program failed or could not start.
        public static let subprocess = Code(name: "subprocess")
        /// The command line asks for something unsafe or contradictory.
        public static let usage = Code(name: "usage")
        /// Writing the edited file back failed; the edit is kept in tmpfs.
        public static let writeBack = Code(name: "writeBack")
        /// The edit was abandoned (editor failed or was killed).
        public static let editAborted = Code(name: "editAborted")
        /// The file could not be decrypted (keys, MAC).
        public static let decryption = Code(name: "decryption")
        /// The sealing certificate or unsealing key is unusable.
        public static let invalidKey = Code(name: "invalidKey")
        /// A value could not be unsealed (wrong key, namespace or name).
        public static let unsealFailed = Code(name: "unsealFailed")
        /// `kubectl` or a service failed or could not be reached.
        public static let remote = Code(name: "remote")
    }

    public var code: Code
    public var message: String
    public var path: String?
    public var hint: String?

    public init(_ code: Code, _ message: String, path: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
    }

    public var description: String { message }

    /// This error about `path` (unless it already names one).
    package func at(_ path: String) -> KubectlPluginError {
        var located = self
        located.path = located.path ?? path
        return located
    }

    /// The whole file at `path` (read through `FileSystem`), reported as `display`.
    package static func reading(_ path: String, display: String) throws(KubectlPluginError) -> [UInt8] {
        do {
            return try FileSystem.readFile(.init(path))
        } catch {
            throw KubectlPluginError(.io, (error as? KubectlPluginError)?.message ?? "cannot read the file", path: display)
        }
    }

    /// Another module's error, kept as one line with its hint, about `path`.
    package init(_ code: Code, wrapping error: any Error, path: String?) {
        let gitsopsError = error as? any GitsopsError
        self.init(code, gitsopsError?.description ?? String(describing: error), path: gitsopsError?.path ?? path,
                  hint: gitsopsError?.hint)
    }
}
