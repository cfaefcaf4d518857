/// The hook scripts of `hooks/`, embedded so one binary can install them (a test keeps the two
/// identical).
public enum Hooks {
    /// Hooks `gitsops init` installs into a clone, by file name.
    public static let installed: [(name: String, script: String)] = [("pre-commit", preCommit), ("pre-push", prePush)]

    /// The line that marks a hook as written by gitsops (so init may update it, never a user's own).
    public static let marker = "# gitsops-hook:"

    /// Runs `gitsops check --staged` before each commit.
    public static let preCommit = #"""
#!/bin/sh
# gitsops-hook: refuses a commit whose staged secrets are not encrypted sops documents.
# Installed by `gitsops init`; git config `gitsops.program` names the gitsops binary.
program=$(git config --get gitsops.program) || program=gitsops
eval "exec $program check --quiet --staged"

"""#

    /// Runs `gitsops check --rev` on every commit a push sends.
    public static let prePush = #"""
#!/bin/sh
# gitsops-hook: refuses a push whose commits hold a secret that is not an encrypted sops document.
# Installed by `gitsops init`; git feeds "<local ref> <local oid> <remote ref> <remote oid>" lines.
program=$(git config --get gitsops.program) || program=gitsops
while read -r local_ref local_oid remote_ref remote_oid; do
    case $local_oid in *[!0]*) ;; *) continue ;; esac          # a deleted ref pushes nothing
    case $remote_oid in
        *[!0]*) range="$remote_oid..$local_oid" ;;
        *) range="$local_oid --not --remotes" ;;               # a new branch: what no remote has
    esac
    for rev in $(git rev-list $range); do
        eval "$program check --quiet --rev $rev" || exit 1
    done
done
exit 0

"""#

    /// For servers and CI: `gitsops check --rev` on every commit a push brings (not installed by init).
    public static let preReceive = #"""
#!/bin/sh
# gitsops-hook: for a server or CI: rejects pushed commits that hold a secret that is not an
# encrypted sops document (needs no keys). Install as hooks/pre-receive of the receiving repository
# with gitsops on PATH (or git config `gitsops.program`).
program=$(git config --get gitsops.program) || program=gitsops
while read -r old_oid new_oid ref; do
    case $new_oid in *[!0]*) ;; *) continue ;; esac            # a deleted ref adds nothing
    case $old_oid in
        *[!0]*) range="$old_oid..$new_oid" ;;
        *) range="$new_oid --not --all" ;;                     # a new ref: commits no ref has yet
    esac
    for rev in $(git rev-list $range); do
        eval "$program check --quiet --rev $rev" || exit 1
    done
done
exit 0

"""#
}
