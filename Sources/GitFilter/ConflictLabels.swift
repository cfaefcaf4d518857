/// The names on conflict markers (`<<<<<<< HEAD`, `>>>>>>> feature-x`), as git writes them for
/// files it merges itself.
///
/// git 2.44 and later expand the merge driver's `%S`, `%X` and `%Y` to these names; older git
/// passes the placeholders unexpanded, and a config written before gitsops asked for them passes
/// nothing. Then the names are what git uses in a merge: `HEAD` for ours and, for theirs, the
/// branch `git merge` names in its `GITHEAD_<commit>` environment variable.
public struct ConflictLabels: Equatable, Sendable {
    /// The common ancestor's side (shown with `merge.conflictStyle=diff3`).
    public var base: String
    public var ours: String
    public var theirs: String

    public init(base: String, ours: String, theirs: String) {
        self.base = base
        self.ours = ours
        self.theirs = theirs
    }

    /// The labels git passed (nil, empty or an unexpanded placeholder: not passed), completed as above.
    public static func resolve(base: String?, ours: String?, theirs: String?, environment: [String: String]) -> ConflictLabels {
        func given(_ label: String?, placeholder: String) -> String? {
            guard let label, !label.isEmpty, label != placeholder else { return nil }
            return label
        }
        // `git merge` sets GITHEAD_<commit> to the name the user gave each merged commit; one
        // merged commit is the two-sided merge a driver sees.
        let merged = environment.filter { $0.key.hasPrefix("GITHEAD_") && !$0.value.isEmpty }
        return ConflictLabels(base: given(base, placeholder: "%S") ?? "base",
                              ours: given(ours, placeholder: "%X") ?? "HEAD",
                              theirs: given(theirs, placeholder: "%Y") ?? (merged.count == 1 ? merged.first!.value : "theirs"))
    }
}
