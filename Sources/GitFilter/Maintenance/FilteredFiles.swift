public import Repository

/// Which tracked files git routes through the gitsops filter.
public enum FilteredFiles {
    /// Where the file list and the attributes come from.
    public enum Source: Sendable, Equatable {
        /// Stage-0 index entries, attributes as git uses them for add and checkout.
        case workingTree
        /// Stage-0 index entries, attributes from the index (what the next commit holds).
        case index
        /// The tree of a commit, attributes from that commit.
        case revision(String)
    }

    /// Tracked files with `filter=gitsops`, restricted to `paths` (files or directories relative to
    /// the top of the working tree; empty means all), in index or tree order.
    public static func list(in repository: Repository, from source: Source, paths: [String] = []) throws(RepositoryError) -> [IndexEntry] {
        let entries: [IndexEntry]
        let attributes: AttributeSource
        switch source {
        case .workingTree:
            entries = try repository.indexEntries().filter { $0.stage == 0 }
            attributes = .workingTree
        case .index:
            entries = try repository.indexEntries().filter { $0.stage == 0 }
            attributes = .index
        case .revision(let revision):
            entries = try repository.files(at: revision)
            attributes = .commit(try repository.resolveCommit(revision))
        }
        let prefixes = paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.filter { $0 != "." }
        var result: [IndexEntry] = []
        for entry in entries {
            if !prefixes.isEmpty && !prefixes.contains(where: { $0.isEmpty || entry.path == $0 || entry.path.hasPrefix($0 + "/") }) { continue }
            if try repository.attribute("filter", for: entry.path, from: attributes) == .value(GitsopsConfig.driver) {
                result.append(entry)
            }
        }
        return result
    }
}
