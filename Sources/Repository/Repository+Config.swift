internal import CGit2

extension Repository {
    /// The effective value of config `key` (system, global, local), or `nil` when unset.
    public func configValue(_ key: String) throws(RepositoryError) -> String? {
        try withConfig(local: false) { config throws(RepositoryError) in
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            let rc = git_config_get_string_buf(&buffer, config, key)
            if LibGit2.isNotFound(rc) { return nil }
            try LibGit2.check(rc, "reading config \(key)")
            return buffer.ptr.map { String(cString: $0) }
        }
    }

    /// Sets `key` in this repository's own config (`.git/config`).
    public func setConfig(_ key: String, to value: String) throws(RepositoryError) {
        try withConfig(local: true) { config throws(RepositoryError) in
            try LibGit2.check(git_config_set_string(config, key, value), "setting config \(key)")
        }
    }

    /// Removes `key` from this repository's own config; no error when it is not set.
    public func unsetConfig(_ key: String) throws(RepositoryError) {
        try withConfig(local: true) { config throws(RepositoryError) in
            let rc = git_config_delete_entry(config, key)
            if !LibGit2.isNotFound(rc) { try LibGit2.check(rc, "removing config \(key)") }
        }
    }

    private func withConfig<T>(local: Bool, _ body: (OpaquePointer) throws(RepositoryError) -> T) throws(RepositoryError) -> T {
        try withRepository { repo throws(RepositoryError) in
            var pointer: OpaquePointer?
            try LibGit2.check(git_repository_config(&pointer, repo), "opening the config")
            let all = GitConfigHandle(takingOwnershipOf: pointer!)
            var derived: OpaquePointer?
            if local {
                try LibGit2.check(git_config_open_level(&derived, all.pointer, GIT_CONFIG_LEVEL_LOCAL), "opening .git/config")
            } else {
                try LibGit2.check(git_config_snapshot(&derived, all.pointer), "reading the config")
            }
            let config = GitConfigHandle(takingOwnershipOf: derived!)
            return try withExtendedLifetime((all, config)) { () throws(RepositoryError) in try body(config.pointer) }
        }
    }
}
