# bench/lib.sh: what the bench scripts share (sourced, not run).
#
#   build_gitsops            release build once (static Swift stdlib, as shipped); sets $gitsops.
#                            GITSOPS=path skips the build and uses that binary.
#   sandbox                  $work: a temporary directory with its own HOME and git config, removed on exit;
#                            $work/bin (first on PATH) holds `gitsops`.
#   age_identity             a fresh age identity: exports SOPS_AGE_KEY_FILE, sets $recipient.
#   ensure_apt CMD PKG       installs Debian package PKG when CMD is missing.
#   seconds CMD...           runs CMD (output discarded, failure fatal); prints the seconds it took.
#   median X...              the median of the numbers.
#   ratio A B                A/B as "12.3x" ("-" when B is 0 or missing).

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build_gitsops() {
    if [ -n "${GITSOPS:-}" ]; then
        gitsops=$GITSOPS
    else
        (cd "$bench_root" && swift build -c release --static-swift-stdlib --product gitsops >/dev/null) || {
            echo "bench: swift build -c release failed" >&2; exit 2; }
        gitsops=$bench_root/.build/release/gitsops
    fi
    [ -x "$gitsops" ] || { echo "bench: no gitsops binary at $gitsops" >&2; exit 2; }
}

sandbox() {
    work=$(mktemp -d)
    trap 'cleanup' EXIT
    export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config GIT_CONFIG_GLOBAL=$work/home/.gitconfig GIT_CONFIG_NOSYSTEM=1
    export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
    unset SOPS_AGE_KEY SOPS_AGE_KEY_FILE SOPS_AGE_RECIPIENTS GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
    mkdir -p "$HOME" "$work/bin" && : > "$GIT_CONFIG_GLOBAL"
    [ -n "${gitsops:-}" ] && ln -s "$gitsops" "$work/bin/gitsops"
    export PATH=$work/bin:$PATH
}

# Scripts add their own clean-up steps (stopping servers) by redefining bench_stop.
bench_stop() { :; }
cleanup() { bench_stop; rm -rf "$work"; }

age_identity() {
    age-keygen -o "$work/age.txt" 2>/dev/null
    export SOPS_AGE_KEY_FILE=$work/age.txt
    recipient=$(age-keygen -y "$work/age.txt")
}

ensure_apt() {
    command -v "$1" >/dev/null && return 0
    echo "bench: installing $2 from Debian" >&2
    { apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; }; } ||
        { echo "bench: cannot install $2 (run as root, or install it)" >&2; return 1; }
}

seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$work/last.err" || { echo "bench: '$*' failed:" >&2; cat "$work/last.err" >&2; exit 1; }
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
    awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.1fx", a / b }'
}
