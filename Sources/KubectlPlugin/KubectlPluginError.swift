public import Diagnostics

/// Everything that can go wrong in `kubectl secrets`; never carries a secret value.
public typealias KubectlPluginError = CodedError<KubectlPluginErrorCode>

/// What kind of failure a `KubectlPluginError` is.
public struct KubectlPluginErrorCode: Hashable, Sendable {
    let name: String
    /// No tmpfs directory to hold the editor's plaintext copy.
    public static let noTmpfs = KubectlPluginErrorCode(name: "noTmpfs")
    /// A file system call failed.
    public static let io = KubectlPluginErrorCode(name: "io")
    /// The input is not a usable Kubernetes manifest.
    public static let invalidManifest = KubectlPluginErrorCode(name: "invalidManifest")
    /// A path names no decryptable file.
    public static let nothingToDecrypt = KubectlPluginErrorCode(name: "nothingToDecrypt")
    /// `kubectl`, the editor or another program failed or could not start.
    public static let subprocess = KubectlPluginErrorCode(name: "subprocess")
    /// The command line asks for something unsafe or contradictory.
    public static let usage = KubectlPluginErrorCode(name: "usage")
    /// Writing the edited file back failed; the edit is kept in tmpfs.
    public static let writeBack = KubectlPluginErrorCode(name: "writeBack")
    /// The edit was abandoned (editor failed or was killed).
    public static let editAborted = KubectlPluginErrorCode(name: "editAborted")
    /// The file could not be decrypted (keys, MAC).
    public static let decryption = KubectlPluginErrorCode(name: "decryption")
    /// The sealing certificate or unsealing key is unusable.
    public static let invalidKey = KubectlPluginErrorCode(name: "invalidKey")
    /// A value could not be unsealed (wrong key, namespace or name).
    public static let unsealFailed = KubectlPluginErrorCode(name: "unsealFailed")
    /// `kubectl` or a service failed or could not be reached.
    public static let remote = KubectlPluginErrorCode(name: "remote")
}

extension CodedError where Kind == KubectlPluginErrorCode {
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
