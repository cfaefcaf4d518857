public import Diagnostics

/// Why `kubectl secrets seal`, `unseal` or `push` failed. Never carries a secret value.
public struct BridgeError: GitsopsError, Equatable {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// A file could not be read or written.
        case io
        /// The input is not a usable Secret or SealedSecret manifest.
        case invalidManifest
        /// The file could not be decrypted (keys, MAC).
        case decryption
        /// The sealing certificate or unsealing key is unusable.
        case invalidKey
        /// A value could not be unsealed (wrong key, namespace or name).
        case unsealFailed
        /// `kubectl` or a service failed or could not be reached.
        case remote
        /// The command line asks for something contradictory.
        case usage
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
    func at(_ path: String) -> BridgeError {
        var located = self
        located.path = located.path ?? path
        return located
    }

    /// Another module's error, kept as one line with its hint, about `path`.
    init(_ code: Code, wrapping error: any Error, path: String?) {
        let gitsopsError = error as? any GitsopsError
        self.init(code, gitsopsError?.description ?? String(describing: error), path: gitsopsError?.path ?? path,
                  hint: gitsopsError?.hint)
    }
}
