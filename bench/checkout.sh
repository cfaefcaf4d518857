#!/usr/bin/env bash
# bench/checkout.sh [N]: time everyday git operations on N Kubernetes Secret files under secrets/,
# for plain git (no encryption), gitsops (age) and, when installed, git-crypt.
#
#   add+commit   git add -A && git commit                   (clean filter on every file)
#   clone        git clone with the drivers configured      (smudge on every file, one process)
#   status       git status after touching every file        (clean filter: idempotence)
#   diff         git diff after editing one value            (clean + textconv of one file)
#
# GITSOPS=path/to/gitsops picks the binary (default: .build/release/gitsops, else .build/debug).
# Everything runs in a temporary directory with its own HOME and git config; nothing else is touched.
set -euo pipefail

n=${1:-1000}
here=$(cd "$(dirname "$0")/.." && pwd)
gitsops=${GITSOPS:-$here/.build/release/gitsops}
[ -x "$gitsops" ] || gitsops=$here/.build/debug/gitsops
[ -x "$gitsops" ] || { echo "bench: build gitsops first (swift build -c release)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config GIT_CONFIG_GLOBAL=$work/home/.gitconfig GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$HOME" && : > "$GIT_CONFIG_GLOBAL"
mkdir -p "$work/bin" && ln -s "$gitsops" "$work/bin/gitsops" && export PATH=$work/bin:$PATH
age-keygen -o "$work/age.txt" 2>/dev/null
export SOPS_AGE_KEY_FILE=$work/age.txt
recipient=$(age-keygen -y "$work/age.txt")

# Seconds (3 decimals) that "$@" takes; output discarded, failure fatal.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/last.err" || { echo "bench: '$*' failed:" >&2; cat "$work/last.err" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }'
}

write_secrets() {
    mkdir -p secrets
    for ((i = 0; i < n; i++)); do
        cat > "secrets/app-$i.yaml" <<YAML
# credentials of service $i
apiVersion: v1
kind: Secret
metadata:
  name: app-$i
  namespace: prod
type: Opaque
stringData:
  username: svc-$i
  password: "p4ss-$i-$RANDOM$RANDOM"
  url: postgres://db-$i.internal:5432/app
YAML
    done
}

# run MODE SETUP CLONE: prints one table row. SETUP configures ./repo, CLONE makes ./clone-MODE.
run() {
    local mode=$1 setup=$2 clone=$3 t_add t_clone t_status t_diff
    rm -rf "$work/$mode" && mkdir -p "$work/$mode" && cd "$work/$mode"
    git init -q -b main repo && cd repo
    $setup
    write_secrets
    t_add=$(seconds sh -c 'git add -A && git commit -q -m secrets')
    cd ..
    t_clone=$(seconds $clone)
    cd clone
    git status --porcelain | grep -q . && { echo "bench: $mode clone is not clean" >&2; exit 1; }
    touch secrets/*
    t_status=$(seconds git status --porcelain)
    sed -i 's/username: svc-7$/username: svc-seven/' secrets/app-7.yaml
    t_diff=$(seconds git diff)
    printf '%-10s %6d %12s %10s %10s %10s\n' "$mode" "$n" "$t_add" "$t_clone" "$t_status" "$t_diff"
}

plain_setup() { :; }
plain_clone() { git clone -q repo clone; }

gitsops_setup() { gitsops init --age "$recipient" >/dev/null; }
gitsops_clone() {
    local config=()
    while read -r key value; do config+=(-c "$key=$value"); done < <(git -C repo config --get-regexp '^(filter|diff|merge)\.gitsops\.')
    git clone -q "${config[@]}" repo clone
}

gitcrypt_setup() {
    git-crypt init >/dev/null 2>&1 && git-crypt export-key "$work/git-crypt.key"
    echo 'secrets/** filter=git-crypt diff=git-crypt' > .gitattributes
}
gitcrypt_clone() { git clone -q repo clone && (cd clone && git-crypt unlock "$work/git-crypt.key"); }

printf '%-10s %6s %12s %10s %10s %10s   (seconds)\n' tool files add+commit clone status diff
run plain plain_setup plain_clone
run gitsops gitsops_setup gitsops_clone
if command -v git-crypt >/dev/null; then run git-crypt gitcrypt_setup gitcrypt_clone; fi
