internal import CGit2

extension Repository {
    /// The bytes of blob `id`.
    public func blob(_ id: ObjectID) throws(RepositoryError) -> [UInt8] {
        try withRepository { repo throws(RepositoryError) in
            var oid = id.oid
            var pointer: OpaquePointer?
            try LibGit2.check(git_object_lookup(&pointer, repo, &oid, GIT_OBJECT_BLOB), "reading blob \(id)")
            return GitObjectHandle(takingOwnershipOf: pointer!).blobBytes
        }
    }

    /// The bytes of `path` at `revision` (what `git show REV:path` prints before any filter),
    /// or `nil` when the revision has no such file.
    public func blob(at revision: String, path: String) throws(RepositoryError) -> [UInt8]? {
        guard let object = try lookup("\(revision):\(path)") else {
            _ = try resolveCommit(revision) // a bad revision is an error, a missing path is not
            return nil
        }
        guard object.type == GIT_OBJECT_BLOB else {
            throw RepositoryError(.notFound, "is not a file at \(revision)", path: path)
        }
        return object.blobBytes
    }

    /// The commit `revision` names (`HEAD`, a branch, a tag, an abbreviated id).
    public func resolveCommit(_ revision: String) throws(RepositoryError) -> ObjectID {
        guard let object = try lookup("\(revision)^{commit}") else {
            throw RepositoryError(.notFound, "unknown revision \(revision)",
                                  hint: "name a commit, branch or tag that exists in this repository")
        }
        return withExtendedLifetime(object) { ObjectID(git_object_id(object.pointer).pointee) }
    }

    /// Whether `HEAD` points at a commit (false in a repository with no commits yet).
    public var hasCommits: Bool { (try? lookup("HEAD^{commit}")) != nil }

    /// Every file (blob or symlink) in the tree of `revision`, in tree order.
    public func files(at revision: String) throws(RepositoryError) -> [IndexEntry] {
        guard let tree = try lookup("\(revision)^{tree}") else {
            throw RepositoryError(.notFound, "unknown revision \(revision)")
        }
        return try withRepository { _ throws(RepositoryError) in
            final class Collector { var entries: [IndexEntry] = [] }
            let collector = Collector()
            let rc = git_tree_walk(tree.pointer, GIT_TREEWALK_PRE, { root, entry, payload in
                guard let entry, let payload, git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return 0 }
                let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                let path = String(cString: root!) + String(cString: git_tree_entry_name(entry))
                collector.entries.append(IndexEntry(path: path, id: ObjectID(git_tree_entry_id(entry).pointee),
                                                    mode: git_tree_entry_filemode(entry).rawValue, stage: 0))
                return 0
            }, Unmanaged.passUnretained(collector).toOpaque())
            withExtendedLifetime(tree) {}
            try LibGit2.check(rc, "walking the tree of \(revision)")
            return collector.entries
        }
    }

    /// Stores `bytes` as a blob and returns its id (the object database is content-addressed:
    /// writing an existing blob is a no-op).
    public func writeBlob(_ bytes: [UInt8]) throws(RepositoryError) -> ObjectID {
        try withRepository { repo throws(RepositoryError) in
            var oid = git_oid()
            try LibGit2.check(git_blob_create_from_buffer(&oid, repo, bytes, bytes.count), "writing a blob")
            return ObjectID(oid)
        }
    }

    /// The id git gives `bytes` as a blob (`git hash-object`), without storing anything.
    public func blobID(for bytes: [UInt8]) throws(RepositoryError) -> ObjectID {
        var oid = git_oid()
        try LibGit2.check(git_odb_hash(&oid, bytes, bytes.count, GIT_OBJECT_BLOB), "hashing a blob")
        return ObjectID(oid)
    }

    /// Whether the object database holds `id`.
    public func contains(_ id: ObjectID) throws(RepositoryError) -> Bool {
        try withRepository { repo throws(RepositoryError) in
            var odb: OpaquePointer?
            try LibGit2.check(git_repository_odb(&odb, repo), "opening the object database")
            defer { git_odb_free(odb) }
            var oid = id.oid
            return git_odb_exists(odb, &oid) == 1
        }
    }

    /// A blob's size from its header, without reading the blob; nil when it is not a stored blob.
    public func blobSize(_ id: ObjectID) -> Int? {
        try? withRepository { repo throws(RepositoryError) -> Int? in
            var odb: OpaquePointer?
            try LibGit2.check(git_repository_odb(&odb, repo), "opening the object database")
            defer { git_odb_free(odb) }
            var oid = id.oid
            var size = 0
            var type = GIT_OBJECT_INVALID
            guard git_odb_read_header(&size, &type, odb, &oid) == 0, type == GIT_OBJECT_BLOB else { return nil }
            return size
        }
    }

    /// The object `spec` names (`git rev-parse` syntax), or `nil` if it names nothing.
    func lookup(_ spec: String) throws(RepositoryError) -> GitObjectHandle? {
        try withRepository { repo throws(RepositoryError) in
            var pointer: OpaquePointer?
            let rc = git_revparse_single(&pointer, repo, spec)
            if LibGit2.isNotFound(rc) || rc == GIT_EAMBIGUOUS.rawValue || rc == GIT_EINVALIDSPEC.rawValue { return nil }
            try LibGit2.check(rc, "resolving \(spec)")
            return GitObjectHandle(takingOwnershipOf: pointer!)
        }
    }
}
