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
                options.flags = UInt32(GIT_ATTR_CHECK_INDEX_ONLY) | UInt32(GIT_ATTR_CHECK_INCLUDE_COMMIT)
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
}
