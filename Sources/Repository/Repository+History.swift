internal import CGit2

/// One commit met walking history: its id, its parents and its subject line.
public struct CommitSummary: Hashable, Sendable {
    public let id: ObjectID
    /// The parents, first parent first (none for a root commit; a shallow clone's missing ones left out).
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
    /// Children before parents. A shallow clone's missing parents are left out, so its oldest
    /// commits read as roots (libgit2's revwalk would fail on them).
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
        if revisions.isEmpty {
            // Refs that name no commit (a tag of a blob) name nothing to walk; an unborn HEAD neither.
            include = try (referenceNames() + ["HEAD"]).compactMap { try? resolveCommit($0) }
        }
        let excluded = Set(try walk(from: exclude, stoppingAt: []).map(\.id))
        let found = try walk(from: include, stoppingAt: excluded)
        // Children first: a commit comes once every commit found that has it as a parent came.
        var children: [ObjectID: Int] = [:]
        for commit in found { for parent in commit.parents { children[parent, default: 0] += 1 } }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ready = found.filter { children[$0.id, default: 0] == 0 }.reversed().map(\.id)
        var ordered: [CommitSummary] = []
        while let id = ready.popLast(), let commit = byID[id] {
            ordered.append(commit)
            for parent in commit.parents.reversed() where byID[parent] != nil {
                children[parent]! -= 1
                if children[parent]! == 0 { ready.append(parent) }
            }
        }
        return ordered
    }

    /// The commits reachable from `tips`, not crossing `stop`, each once (depth first).
    private func walk(from tips: [ObjectID], stoppingAt stop: Set<ObjectID>) throws(RepositoryError) -> [CommitSummary] {
        var seen: Set<ObjectID> = []
        var found: [CommitSummary] = []
        var stack = tips.reversed() as [ObjectID]
        while let id = stack.popLast() {
            guard !stop.contains(id), seen.insert(id).inserted, let commit = try summary(of: id) else { continue }
            found.append(commit)
            stack += commit.parents.reversed()
        }
        return found
    }

    /// The commit `id` with the parents the object database holds; nil when it holds not the commit.
    private func summary(of id: ObjectID) throws(RepositoryError) -> CommitSummary? {
        try withRepository { repo throws(RepositoryError) -> CommitSummary? in
            func lookup(_ id: ObjectID) throws(RepositoryError) -> GitObjectHandle? {
                var oid = id.oid
                var object: OpaquePointer?
                let rc = git_object_lookup(&object, repo, &oid, GIT_OBJECT_COMMIT)
                if LibGit2.isNotFound(rc) { return nil }
                try LibGit2.check(rc, "reading commit \(id)")
                return GitObjectHandle(takingOwnershipOf: object!)
            }
            guard let commit = try lookup(id) else { return nil }
            var odb: OpaquePointer?
            try LibGit2.check(git_repository_odb(&odb, repo), "opening the object database")
            defer { git_odb_free(odb) }
            var parents: [ObjectID] = []
            for n in 0..<git_commit_parentcount(commit.pointer) {
                guard let parent = git_commit_parent_id(commit.pointer, n).map({ ObjectID($0.pointee) }) else { continue }
                var oid = parent.oid
                if git_odb_exists(odb, &oid) == 1 { parents.append(parent) }
            }
            let subject = git_commit_summary(commit.pointer).map { String(cString: $0) } ?? ""
            return CommitSummary(id: id, parents: parents, subject: subject)
        }
    }

    /// The names of every reference (`refs/heads/…`, `refs/tags/…`, …).
    private func referenceNames() throws(RepositoryError) -> [String] {
        try withRepository { repo throws(RepositoryError) in
            var names = git_strarray()
            try LibGit2.check(git_reference_list(&names, repo), "listing the refs")
            defer { git_strarray_dispose(&names) }
            return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }
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
