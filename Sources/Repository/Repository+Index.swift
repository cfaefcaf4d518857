internal import CGit2
import Platform

extension Repository {
    /// The index entry for `path` at `stage` (0 unless a merge is in progress), if any.
    public func indexEntry(for path: String, stage: Int = 0) throws(RepositoryError) -> IndexEntry? {
        try withIndex { index throws(RepositoryError) in
            guard let entry = git_index_get_bypath(index, path, Int32(stage)) else { return nil }
            return IndexEntry(entry.pointee)
        }
    }

    /// Every entry of the index, in index order (all stages).
    public func indexEntries() throws(RepositoryError) -> [IndexEntry] {
        try withIndex { index throws(RepositoryError) in
            (0..<git_index_entrycount(index)).compactMap { i in
                git_index_get_byindex(index, i).map { IndexEntry($0.pointee) }
            }
        }
    }

    /// The staged bytes of `path`: stage 0, or during a conflicted merge stage 2 ("ours").
    public func indexBlob(for path: String) throws(RepositoryError) -> [UInt8]? {
        var entry = try indexEntry(for: path, stage: 0)
        if entry == nil { entry = try indexEntry(for: path, stage: 2) }
        guard let entry else { return nil }
        return try blob(entry.id)
    }

    /// Points the stage-0 entry of `path` at `id` (a blob already in the object database),
    /// keeping its stat data so git does not re-read the working file, and writes the index.
    public func updateIndexEntry(_ path: String, to id: ObjectID) throws(RepositoryError) {
        try withIndex { index throws(RepositoryError) in
            guard let existing = git_index_get_bypath(index, path, 0) else {
                throw RepositoryError(.notFound, "not in the index", path: path)
            }
            var entry = existing.pointee
            entry.id = id.oid
            let rc = path.withCString { cPath in
                entry.path = cPath
                return git_index_add(index, &entry)
            }
            try LibGit2.check(rc, "updating the index entry", path: path)
            try LibGit2.check(git_index_write(index), "writing the index", path: path)
        }
    }

    /// Records the working files' current stat data in their stage-0 entries, as git does after it
    /// checks a file out: for files just rewritten with what their entry's blob (`id`) checks out to,
    /// which git would otherwise take for changed (a new size alone makes `git status` say so
    /// without looking at the content). Entries that meanwhile point elsewhere are left alone;
    /// the index is written once.
    public func recordCheckedOut(_ files: [(path: String, id: ObjectID)]) throws(RepositoryError) {
        guard !files.isEmpty else { return }
        let root = try requireWorkingDirectory(for: "recording checked-out files")
        try withIndex { index throws(RepositoryError) in
            for (path, id) in files {
                guard let existing = git_index_get_bypath(index, path, 0), ObjectID(existing.pointee.id) == id,
                      let info = Files.status(root + "/" + path) else { continue }
                var entry = existing.pointee
                entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: info.changed.seconds), nanoseconds: UInt32(info.changed.nanoseconds))
                entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: info.modified.seconds), nanoseconds: UInt32(info.modified.nanoseconds))
                entry.dev = UInt32(truncatingIfNeeded: info.device)
                entry.ino = UInt32(truncatingIfNeeded: info.inode)
                entry.uid = info.userID
                entry.gid = info.groupID
                entry.file_size = UInt32(truncatingIfNeeded: info.size)
                let rc = path.withCString { cPath in
                    entry.path = cPath
                    return git_index_add(index, &entry)
                }
                try LibGit2.check(rc, "updating the index entry", path: path)
            }
            try LibGit2.check(git_index_write(index), "writing the index")
        }
    }

    /// Runs `body` on the index (the `GIT_INDEX_FILE` override if any), re-read if it changed on disk.
    func withIndex<T>(_ body: (OpaquePointer) throws(RepositoryError) -> T) throws(RepositoryError) -> T {
        try withRepository { repo throws(RepositoryError) -> T in
            let index: GitIndexHandle
            if let indexOverride {
                index = indexOverride
            } else {
                var pointer: OpaquePointer?
                try LibGit2.check(git_repository_index(&pointer, repo), "opening the index")
                index = GitIndexHandle(takingOwnershipOf: pointer!)
            }
            return try withExtendedLifetime(index) { () throws(RepositoryError) in
                try LibGit2.check(git_index_read(index.pointer, 0), "reading the index")
                return try body(index.pointer)
            }
        }
    }
}

extension IndexEntry {
    init(_ entry: git_index_entry) {
        self.init(path: String(cString: entry.path), id: ObjectID(entry.id), mode: entry.mode,
                  stage: Int((entry.flags & UInt16(GIT_INDEX_ENTRY_STAGEMASK)) >> UInt16(GIT_INDEX_ENTRY_STAGESHIFT)))
    }
}
