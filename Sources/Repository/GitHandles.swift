internal import CGit2

// One final class owns each libgit2 pointer and frees it in deinit; pointers never escape them.

/// Owns a `git_repository*`.
final class GitRepositoryHandle {
    let pointer: OpaquePointer
    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_repository_free(pointer) }
}

/// Owns a `git_index*`.
final class GitIndexHandle {
    let pointer: OpaquePointer
    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_index_free(pointer) }
}

/// Owns a `git_object*` (blob, tree or commit).
final class GitObjectHandle {
    let pointer: OpaquePointer
    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_object_free(pointer) }

    var type: git_object_t { git_object_type(pointer) }

    /// The blob's bytes, copied out (the caller owns them).
    var blobBytes: [UInt8] {
        let size = Int(git_blob_rawsize(pointer))
        guard size > 0, let raw = git_blob_rawcontent(pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}

/// Owns a `git_config*`.
final class GitConfigHandle {
    let pointer: OpaquePointer
    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_config_free(pointer) }
}
