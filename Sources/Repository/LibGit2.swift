internal import CGit2

/// Process-wide libgit2 state and the one place that turns a libgit2 return code into an error.
enum LibGit2 {
    /// `git_libgit2_init` runs once, on first use of any repository. Objects are read without
    /// re-hashing them, as git reads blobs for a checkout: what gitsops reads is either checked by
    /// the sops MAC or handed back to git, which hashes it again.
    static let initialized: Bool = { git_libgit2_init() > 0 && gitsops_git_skip_hash_verification() == 0 }()

    /// Throws unless `rc` is 0; the message is `operation` plus libgit2's last error text.
    static func check(_ rc: Int32, _ operation: String, path: String? = nil) throws(RepositoryError) {
        guard rc != 0 else { return }
        throw error(rc, operation, path: path)
    }

    static func error(_ rc: Int32, _ operation: String, path: String? = nil) -> RepositoryError {
        var reason = ""
        if let last = git_error_last(), let message = last.pointee.message {
            reason = ": " + String(cString: message)
        }
        let code: RepositoryError.Code = rc == GIT_ENOTFOUND.rawValue ? .notFound : .library
        return RepositoryError(code, "\(operation) failed\(reason)", path: path)
    }

    static func isNotFound(_ rc: Int32) -> Bool { rc == GIT_ENOTFOUND.rawValue }
}
