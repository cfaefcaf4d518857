internal import CGit2

/// One commit met walking history: its id, its parents and its subject line.
public struct CommitSummary: Hashable, Sendable {
    public let id: ObjectID
    /// The parents, first parent first (none for a root commit).
    public let parents: [ObjectID]
    /// The first line of the message.
    public let subject: String
}

/// How one path differs between two trees: `old` is its blob before (nil: added), `new` after
/// (nil: deleted). Only files (blobs and symlinks); a directory is described by its files.
public struct TreeChange: Hashable, Sendable {
    public let path: String
    public let old: ObjectID?
    public let new: IndexEntry?
}

extension Repository {
    /// The commits reachable from `revisions` as `git rev-list` reads them: `REV` includes REV and
    /// its ancestors, `^REV` excludes them, `A..B` is `B ^A`. No revisions: every ref and `HEAD`.
    /// Children before parents.
    public func commits(_ revisions: [String]) throws(RepositoryError) -> [CommitSummary] {
        var include: [ObjectID] = [], exclude: [ObjectID] = []
        for revision in revisions {
            if revision.contains("...") {
                throw RepositoryError(.notFound, "symmetric ranges (A...B) are not supported: \(revision)", hint: "name A..B, or both sides")
            }
            if let dots = revision.firstRange(of: "..") {
                let from = String(revision[..<dots.lowerBound]), to = String(revision[dots.upperBound...])
                exclude.append(try resolveCommit(from.isEmpty ? "HEAD" : from))
                include.append(try resolveCommit(to.isEmpty ? "HEAD" : to))
            } else if revision.hasPrefix("^") {
                exclude.append(try resolveCommit(String(revision.dropFirst())))
            } else {
                include.append(try resolveCommit(revision))
            }
        }
        return try withRepository { repo throws(RepositoryError) in
            var walkPointer: OpaquePointer?
            try LibGit2.check(git_revwalk_new(&walkPointer, repo), "starting a history walk")
            defer { git_revwalk_free(walkPointer) }
            let walk = walkPointer!
            try LibGit2.check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue), "sorting the history walk")
            if revisions.isEmpty {
                // Refs that name no commit (a tag of a blob) are skipped by the glob; an unborn HEAD pushes nothing.
                try LibGit2.check(git_revwalk_push_glob(walk, "refs/*"), "reading the refs")
                _ = git_revwalk_push_head(walk)
            }
            for id in include {
                var oid = id.oid
                try LibGit2.check(git_revwalk_push(walk, &oid), "walking from \(id)")
            }
            for id in exclude {
                var oid = id.oid
                try LibGit2.check(git_revwalk_hide(walk, &oid), "excluding \(id)")
            }
            var result: [CommitSummary] = []
            var oid = git_oid()
            while true {
                let rc = git_revwalk_next(&oid, walk)
                if rc == GIT_ITEROVER.rawValue { break }
                try LibGit2.check(rc, "walking the history")
                var object: OpaquePointer?
                try LibGit2.check(git_object_lookup(&object, repo, &oid, GIT_OBJECT_COMMIT), "reading commit \(ObjectID(oid))")
                let commit = GitObjectHandle(takingOwnershipOf: object!)
                let parents = (0..<git_commit_parentcount(commit.pointer)).compactMap { n in
                    git_commit_parent_id(commit.pointer, n).map { ObjectID($0.pointee) }
                }
                let subject = git_commit_summary(commit.pointer).map { String(cString: $0) } ?? ""
                result.append(CommitSummary(id: ObjectID(oid), parents: parents, subject: subject))
            }
            return result
        }
    }

    /// The files that differ between the trees of commits `parent` (nil: the empty tree) and `commit`,
    /// found by libgit2's tree diff (unchanged subtrees are skipped by id, not walked).
    public func changes(from parent: ObjectID?, to commit: ObjectID) throws(RepositoryError) -> [TreeChange] {
        try withRepository { repo throws(RepositoryError) in
            func tree(of commit: ObjectID) throws(RepositoryError) -> GitObjectHandle {
                var oid = commit.oid
                var object: OpaquePointer?
                try LibGit2.check(git_object_lookup(&object, repo, &oid, GIT_OBJECT_COMMIT), "reading commit \(commit)")
                let handle = GitObjectHandle(takingOwnershipOf: object!)
                var treeID = git_commit_tree_id(handle.pointer)!.pointee
                var tree: OpaquePointer?
                try LibGit2.check(git_object_lookup(&tree, repo, &treeID, GIT_OBJECT_TREE), "reading the tree of \(commit)")
                return GitObjectHandle(takingOwnershipOf: tree!)
            }
            let old = try parent.map { id throws(RepositoryError) in try tree(of: id) }
            let new = try tree(of: commit)
            var diffPointer: OpaquePointer?
            try LibGit2.check(git_diff_tree_to_tree(&diffPointer, repo, old?.pointer, new.pointer, nil), "comparing \(commit) with its parent")
            defer { git_diff_free(diffPointer) }
            return withExtendedLifetime((old, new)) {
                (0..<git_diff_num_deltas(diffPointer)).compactMap { index -> TreeChange? in
                    guard let delta = git_diff_get_delta(diffPointer, index)?.pointee else { return nil }
                    let before = delta.old_file, after = delta.new_file
                    let hasOld = before.flags & GIT_DIFF_FLAG_EXISTS.rawValue != 0 && before.mode != GIT_FILEMODE_COMMIT.rawValue
                    let hasNew = after.flags & GIT_DIFF_FLAG_EXISTS.rawValue != 0 && after.mode != GIT_FILEMODE_COMMIT.rawValue
                    guard hasOld || hasNew, let path = (hasNew ? after.path : before.path).map({ String(cString: $0) }) else { return nil }
                    return TreeChange(path: path, old: hasOld ? ObjectID(before.id) : nil,
                                      new: hasNew ? IndexEntry(path: path, id: ObjectID(after.id), mode: UInt32(after.mode), stage: 0) : nil)
                }
            }
        }
    }
}
