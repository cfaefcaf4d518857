#!/usr/bin/env bash
# bench/checkout.sh [N] [RUNS]: everyday git operations on N Kubernetes Secret files (~300 bytes of
# YAML each) under secrets/, for plain git, gitsops (age key) and git-crypt; medians of RUNS runs
# (default 3), then the ratios gitsops/plain and gitsops/git-crypt and the issue's targets.
#
#   add+commit   git add -A && git commit         (clean on every file, the pre-commit hook's check)
#   clone        git clone with the drivers set   (smudge on every file; git-crypt: clone + unlock)
#   status       git status after touching every file (git cleans every file again)
#   diff         git diff after editing one value  (clean + textconv of one file)
#
# A "null filter" row (a do-nothing long-running filter in C, when cc exists) shows what git's
# filter protocol alone costs. Installs git-crypt from Debian when missing. GITSOPS=path skips the
# release build. Everything runs in a temporary HOME; nothing outside it is touched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

n=${1:-1000}
runs=${2:-3}
build_gitsops
sandbox
ensure_apt git-crypt git-crypt || true
age_identity

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

# A long-running filter that returns every file unchanged: the protocol's own cost.
null_filter=""
if command -v cc >/dev/null; then
    cat > "$work/null-filter.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static char packet[65536], content[1 << 24];
static int full(int n, char *p) { for (int got = 0; got < n;) { int r = read(0, p + got, n - got); if (r <= 0) return -1; got += r; } return 0; }
static int get(char *out) {            /* payload length, 0 for a flush, -1 at the end */
    char head[5] = {0};
    if (full(4, head)) return -1;
    int n = (int)strtol(head, 0, 16);
    if (n == 0) return 0;
    if (n < 4 || full(n - 4, out)) return -1;
    return n - 4;
}
static void put(const char *s, int n) { char head[5]; snprintf(head, 5, "%04x", n + 4); write(1, head, 4); write(1, s, n); }
int main(void) {
    int n;
    while ((n = get(packet)) > 0) {}
    put("git-filter-server\n", 18); put("version=2\n", 10); write(1, "0000", 4);
    while ((n = get(packet)) > 0) {}
    put("capability=clean\n", 17); put("capability=smudge\n", 18); write(1, "0000", 4);
    for (;;) {
        int length = 0;
        while ((n = get(packet)) > 0) {}
        if (n < 0) return 0;
        while ((n = get(packet)) > 0 && length + n <= (int)sizeof content) { memcpy(content + length, packet, n); length += n; }
        put("status=success\n", 15); write(1, "0000", 4);
        for (int at = 0; at < length; at += 65516) put(content + at, length - at < 65516 ? length - at : 65516);
        write(1, "00000000", 8);
    }
}
C
    cc -O2 -o "$work/bin/null-filter" "$work/null-filter.c" && null_filter=$work/bin/null-filter
fi

plain_setup() { :; }
plain_clone() { git clone -q repo clone; }

null_setup() {
    echo 'secrets/** filter=null -text' > .gitattributes
    git config filter.null.process null-filter && git config filter.null.required true
}
null_clone() { git clone -q -c filter.null.process=null-filter -c filter.null.required=true repo clone; }

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

# run TOOL SETUP CLONE: RUNS fresh repositories; sets add_TOOL, clone_TOOL, status_TOOL, diff_TOOL (medians).
run() {
    local tool=$1 setup=$2 clone=$3 adds=() clones=() statuses=() diffs=()
    for ((r = 0; r < runs; r++)); do
        rm -rf "$work/$tool" && mkdir -p "$work/$tool" && cd "$work/$tool"
        git init -q -b main repo && cd repo
        $setup
        write_secrets
        adds+=("$(seconds sh -c 'git add -A && git commit -q -m secrets')")
        cd ..
        clones+=("$(seconds $clone)")
        cd clone
        if [ "$tool" != null ] && git status --porcelain | grep -q .; then echo "bench: the $tool clone is not clean" >&2; exit 1; fi
        touch secrets/*
        statuses+=("$(seconds git status --porcelain)")
        sed -i 's/username: svc-7$/username: svc-seven/' secrets/app-7.yaml
        diffs+=("$(seconds git diff)")
    done
    printf -v "add_$tool" '%s' "$(median "${adds[@]}")"
    printf -v "clone_$tool" '%s' "$(median "${clones[@]}")"
    printf -v "status_$tool" '%s' "$(median "${statuses[@]}")"
    printf -v "diff_$tool" '%s' "$(median "${diffs[@]}")"
    local a=add_$tool c=clone_$tool s=status_$tool d=diff_$tool
    printf '%-18s %10s %10s %10s %10s\n' "$tool" "${!a}" "${!c}" "${!s}" "${!d}"
}

echo "bench/checkout.sh: $n files, median of $runs runs, seconds ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-18s %10s %10s %10s %10s\n' tool add+commit clone status diff
run plain plain_setup plain_clone
[ -n "$null_filter" ] && run null null_setup null_clone
run gitsops gitsops_setup gitsops_clone
have_gitcrypt=""
if command -v git-crypt >/dev/null; then run gitcrypt gitcrypt_setup gitcrypt_clone; have_gitcrypt=1; fi

printf '%-18s %10s %10s %10s %10s\n' "gitsops/plain" "$(ratio "$add_gitsops" "$add_plain")" "$(ratio "$clone_gitsops" "$clone_plain")" \
    "$(ratio "$status_gitsops" "$status_plain")" "$(ratio "$diff_gitsops" "$diff_plain")"
if [ -n "$have_gitcrypt" ]; then
    printf '%-18s %10s %10s %10s %10s\n' "gitsops/git-crypt" "$(ratio "$add_gitsops" "$add_gitcrypt")" "$(ratio "$clone_gitsops" "$clone_gitcrypt")" \
        "$(ratio "$status_gitsops" "$status_gitcrypt")" "$(ratio "$diff_gitsops" "$diff_gitcrypt")"
fi
if [ -n "$null_filter" ]; then
    printf '%-18s %10s %10s %10s %10s\n' "null/plain" "$(ratio "$add_null" "$add_plain")" "$(ratio "$clone_null" "$clone_plain")" \
        "$(ratio "$status_null" "$status_plain")" "$(ratio "$diff_null" "$diff_plain")"
fi
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { printf "%s (%.1fx, target %sx)", (r <= t ? "met" : "not met"), r, t }'; }
echo "targets (issue 7, meant for N=1000): clone $(verdict "$(awk -v a="$clone_gitsops" -v b="$clone_plain" 'BEGIN{print a/b}')" 2);" \
     "status $(verdict "$(awk -v a="$status_gitsops" -v b="$status_plain" 'BEGIN{print a/b}')" 3);" \
     "add+commit $(verdict "$(awk -v a="$add_gitsops" -v b="$add_plain" 'BEGIN{print a/b}')" 3)"
