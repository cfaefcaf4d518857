internal import CGit2
import Platform

/// Process-wide libgit2 state and the one place that turns a libgit2 return code into an error.
enum LibGit2 {
    /// libgit2's functions (see CGit2's shim.h), filled by `load`; zero until then.
    nonisolated(unsafe) static let table: UnsafeMutablePointer<gitsops_git2_api> = {
        let table = UnsafeMutablePointer<gitsops_git2_api>.allocate(capacity: 1)
        table.initialize(to: gitsops_git2_api())
        return table
    }()

    /// libgit2 loaded with dlopen and initialised, once, when the first repository is opened (or
    /// why it cannot be). Objects are read without re-hashing them, as git reads blobs for a
    /// checkout: what gitsops reads is either checked by the sops MAC or handed back to git,
    /// which hashes it again.
    private static let loaded: Result<Void, RepositoryError> = {
        guard load(into: table) else {
            return .failure(RepositoryError(.library, "cannot load libgit2 \(LIBGIT2_SOVERSION)",
                                            hint: "install libgit2 \(LIBGIT2_SOVERSION) (Debian: libgit2-1.5)"))
        }
        guard git_libgit2_init() > 0, gitsops_git_skip_hash_verification() == 0 else {
            return .failure(error(-1, "initialising libgit2"))
        }
        return .success(())
    }()

    /// Loads the libgit2 of CGit2's headers and fills `table`; false when none loads complete.
    private static func load(into table: UnsafeMutablePointer<gitsops_git2_api>) -> Bool {
        for name in ["libgit2.so.\(LIBGIT2_SOVERSION)", "libgit2.\(LIBGIT2_SOVERSION).dylib"] {
            guard let library = DynamicLibrary(name) else { continue }
            if gitsops_git2_fill(table, library.handle, DynamicLibrary.lookup) == 1 { return true }
            library.close()
        }
        return false
    }

    /// Loads libgit2 unless done; every repository is opened after this.
    static func load() throws(RepositoryError) { try loaded.get() }

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

/// The table CGit2's inline wrappers call through (one definition for every file that imports it).
@_cdecl("gitsops_git2_table")
func gitsopsGit2Table() -> UnsafePointer<gitsops_git2_api> { UnsafePointer(LibGit2.table) }
