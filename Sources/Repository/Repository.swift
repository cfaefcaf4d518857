internal import CGit2
import Synchronization

/// A git repository opened through libgit2: its index, objects, attributes and config.
///
/// libgit2 runs no external filter drivers, so every blob read here is the stored (for gitsops
/// files: encrypted) content. Calls are serialised: one instance may be shared between tasks.
public final class Repository: @unchecked Sendable {
    let handle: GitRepositoryHandle
    let lock = Mutex<Void>(())
    /// The index named by `GIT_INDEX_FILE`, when the environment names one that opens.
    let indexOverride: GitIndexHandle?

    /// The working tree root without a trailing slash; `nil` for a bare repository.
    public let workingDirectory: String?
    /// The repository's git directory (`.git`, or `.git/worktrees/<name>` for a linked worktree).
    public let gitDirectory: String
    /// The directory shared by all worktrees (hooks and config live here).
    public let commonDirectory: String

    /// Opens the repository containing `directory` (searching upwards like git), honouring
    /// `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`, `GIT_CEILING_DIRECTORIES`, and the
    /// `GIT_OBJECT_DIRECTORY` / `GIT_ALTERNATE_OBJECT_DIRECTORIES` a pre-receive hook gets (the
    /// pushed objects wait in a quarantine directory until the hook accepts them).
    public static func discover(from directory: String, environment: [String: String] = [:]) throws(RepositoryError) -> Repository {
        try LibGit2.load()
        var pointer: OpaquePointer?
        let rc: Int32
        if let gitDir = environment["GIT_DIR"], !gitDir.isEmpty {
            rc = git_repository_open_ext(&pointer, absolute(gitDir, from: directory),
                                         GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        } else {
            rc = git_repository_open_ext(&pointer, directory, 0, environment["GIT_CEILING_DIRECTORIES"])
        }
        if LibGit2.isNotFound(rc) {
            throw RepositoryError(.notARepository, "not a git repository (or any parent directory)", path: directory,
                                  hint: "run this inside a git working tree, or `git init` first")
        }
        try LibGit2.check(rc, "opening the repository", path: directory)
        let handle = GitRepositoryHandle(takingOwnershipOf: pointer!)
        if let workTree = environment["GIT_WORK_TREE"], !workTree.isEmpty {
            try LibGit2.check(git_repository_set_workdir(handle.pointer, absolute(workTree, from: directory), 0),
                              "setting the working tree", path: workTree)
        }
        let objectDirectories = [environment["GIT_OBJECT_DIRECTORY"]].compactMap { $0 }
            + (environment["GIT_ALTERNATE_OBJECT_DIRECTORIES"] ?? "").split(separator: ":").map(String.init)
        if !objectDirectories.filter({ !$0.isEmpty }).isEmpty {
            var odb: OpaquePointer?
            try LibGit2.check(git_repository_odb(&odb, handle.pointer), "opening the object database")
            defer { git_odb_free(odb) }
            for objects in objectDirectories where !objects.isEmpty {
                try LibGit2.check(git_odb_add_disk_alternate(odb, absolute(objects, from: directory)), "adding object directory", path: objects)
            }
        }
        var indexOverride: GitIndexHandle?
        if let indexFile = environment["GIT_INDEX_FILE"], !indexFile.isEmpty {
            var index: OpaquePointer?
            if git_index_open(&index, absolute(indexFile, from: directory)) == 0, let index {
                indexOverride = GitIndexHandle(takingOwnershipOf: index)
            }
        }
        return Repository(handle: handle, indexOverride: indexOverride)
    }

    private init(handle: GitRepositoryHandle, indexOverride: GitIndexHandle?) {
        self.handle = handle
        self.indexOverride = indexOverride
        workingDirectory = git_repository_workdir(handle.pointer).map { Self.trimmingSlash(String(cString: $0)) }
        gitDirectory = Self.trimmingSlash(String(cString: git_repository_path(handle.pointer)))
        commonDirectory = Self.trimmingSlash(String(cString: git_repository_commondir(handle.pointer)))
    }

    /// Whether the repository has no working tree.
    public var isBare: Bool { workingDirectory == nil }

    /// The working tree root, or a `.bare` error naming `operation`.
    public func requireWorkingDirectory(for operation: String) throws(RepositoryError) -> String {
        guard let workingDirectory else {
            throw RepositoryError(.bare, "\(operation) needs a working tree, and this repository is bare", path: gitDirectory)
        }
        return workingDirectory
    }

    /// Runs `body` with the libgit2 repository pointer while holding the repository's lock.
    func withRepository<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try lock.withLock { _ throws(E) -> T in try body(handle.pointer) }
    }

    static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    static func absolute(_ path: String, from directory: String) -> String {
        path.hasPrefix("/") ? path : trimmingSlash(directory) + "/" + path
    }
}
