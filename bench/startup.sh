#!/usr/bin/env bash
# bench/startup.sh [RUNS]: one-file commands, wall time per run (median, mean ± σ of RUNS runs,
# default 50, with hyperfine from Debian; installed when missing):
#
#   version        gitsops --version            git --version            git-crypt --version
#   view one file  kubectl secrets view FILE    (gitsops decrypt FILE while the plugin is not in this build)
#   smudge         gitsops smudge PATH < blob   git-crypt smudge < blob   (git's single-shot filter)
#
# GITSOPS=path skips the release build. Runs in a temporary HOME.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=${1:-50}
build_gitsops
sandbox
ensure_apt hyperfine hyperfine
ensure_apt git-crypt git-crypt || true
age_identity

secret='apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
stringData:
  password: "s3cret-value"
'
cd "$work" && git init -q -b main repo && cd repo
gitsops init --age "$recipient" >/dev/null
mkdir secrets && printf '%s' "$secret" > secrets/db.yaml
git add -A && git commit -q -m secret
git cat-file blob HEAD:secrets/db.yaml > "$work/db.enc.yaml"

have_gitcrypt=""
if command -v git-crypt >/dev/null; then
    git init -q -b main "$work/crypt" && cd "$work/crypt"
    git-crypt init >/dev/null 2>&1
    echo 'secrets/** filter=git-crypt diff=git-crypt' > .gitattributes
    mkdir secrets && printf '%s' "$secret" > secrets/db.yaml
    git add -A && git commit -q -m secret
    git cat-file blob HEAD:secrets/db.yaml > "$work/db.git-crypt"
    have_gitcrypt=1
fi
cd "$work/repo"

# The plugin answers `view` once the kubectl plugin is built in; until then the same one-file read is
# `gitsops decrypt`.
ln -s "$gitsops" "$work/bin/kubectl-secrets"
if kubectl-secrets view "$work/db.enc.yaml" 2>/dev/null | grep -q s3cret-value; then
    view=(kubectl-secrets view "$work/db.enc.yaml"); view_label="kubectl secrets view FILE"
else
    view=(gitsops decrypt "$work/db.enc.yaml"); view_label="gitsops decrypt FILE (no kubectl plugin in this build)"
fi
"${view[@]}" | grep -q s3cret-value || { echo "bench: ${view[*]} did not decrypt" >&2; exit 1; }
gitsops smudge secrets/db.yaml < "$work/db.enc.yaml" | grep -q s3cret-value || { echo "bench: smudge did not decrypt" >&2; exit 1; }

# measure LABEL SHELL? COMMAND: one row, milliseconds from hyperfine's JSON.
measure() {
    local label=$1 mode=$2; shift 2
    local options=(--warmup 5 --runs "$runs" --export-json "$work/h.json" --style none)
    [ "$mode" = direct ] && options+=(-N)
    hyperfine "${options[@]}" "$*" >/dev/null 2>"$work/h.err" || { echo "bench: hyperfine '$*' failed:" >&2; cat "$work/h.err" >&2; exit 1; }
    python3 - "$work/h.json" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("  %-52s median %6.1f ms   mean %6.1f ± %4.1f ms" % (sys.argv[2], r["median"] * 1000, r["mean"] * 1000, r["stddev"] * 1000))
PY
}

echo "bench/startup.sh: $runs runs each ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
measure "gitsops --version" direct gitsops --version
measure "git --version" direct git --version
[ -n "$have_gitcrypt" ] && measure "git-crypt --version" direct git-crypt --version
measure "$view_label" direct "${view[@]}"
measure "gitsops smudge PATH < blob (single-shot filter)" shell "gitsops smudge secrets/db.yaml < $work/db.enc.yaml"
[ -n "$have_gitcrypt" ] && (cd "$work/crypt" && measure "git-crypt smudge < blob" shell "git-crypt smudge < $work/db.git-crypt")
measure "cat < blob (the shell and redirection alone)" shell "cat < $work/db.enc.yaml"
