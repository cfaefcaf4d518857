internal import CGit2

extension Repository {
    /// The attribute `name` (`filter`, `diff`, `merge`, …) for `path`, as git would see it.
    public func attribute(_ name: String, for path: String, from source: AttributeSource = .workingTree) throws(RepositoryError) -> AttributeValue {
        try withRepository { repo throws(RepositoryError) in
            var options = git_attr_options()
            options.version = UInt32(GIT_ATTR_OPTIONS_VERSION)
            switch source {
            case .workingTree:
                options.flags = UInt32(GIT_ATTR_CHECK_FILE_THEN_INDEX)
            case .index:
                options.flags = UInt32(GIT_ATTR_CHECK_INDEX_ONLY)
            case .commit(let id):
                // The commit's files only. The low two bits choose the working tree / index sources,
                // which libgit2 consults before the commit's (INDEX_ONLY let a staged .gitattributes
                // override the commit's); 3 names none of them (libgit2's attr_decide_sources).
                options.flags = Self.attributeSourcesNone | UInt32(GIT_ATTR_CHECK_INCLUDE_COMMIT)
                options.attr_commit_id = id.oid
            }
            var value: UnsafePointer<CChar>?
            try LibGit2.check(git_attr_get_ext(&value, repo, &options, path, name), "reading attribute \(name)", path: path)
            switch git_attr_value(value) {
            case GIT_ATTR_VALUE_TRUE: return .set
            case GIT_ATTR_VALUE_FALSE: return .unset
            case GIT_ATTR_VALUE_STRING: return .value(String(cString: value!))
            default: return .unspecified
            }
        }
    }

    /// No working-tree or index attribute source (see `attribute(_:for:from:)`).
    static let attributeSourcesNone: UInt32 = 3
}
