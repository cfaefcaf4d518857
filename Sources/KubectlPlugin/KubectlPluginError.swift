import Diagnostics

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
}
