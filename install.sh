#!/usr/bin/env bash
# gitsops installer and test runner for Debian 12.
#
#   ./install.sh [--prefix DIR] [--no-demo]   install system packages, build a release binary
#                                             (static Swift stdlib), install gitsops, the
#                                             kubectl-secrets link, completions and man pages,
#                                             run the demo
#   ./install.sh --test                       install system and test packages, build and run
#                                             the whole test suite (what CI runs)
#
# PREFIX comes from --prefix or the environment (default /usr/local); a user prefix needs no root.
# Idempotent: it says what it installed and what was already there.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/usr/local}
mode=install
demo=1

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --test) mode=test; shift ;;
        --no-demo) demo=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

say() { printf 'install.sh: %s\n' "$*"; }

# --- system packages ---------------------------------------------------------------------------
apt_packages=(libgit2-dev libssl-dev libcurl4-openssl-dev git gnupg age pkg-config)
test_apt_packages=(strace openssh-client python3-pip)
[ "$mode" = test ] && apt_packages+=("${test_apt_packages[@]}")

missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    say "installing apt packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "apt packages already installed: ${apt_packages[*]}"
fi

command -v swift >/dev/null || { echo "install.sh: swift (6.x) is not on PATH; install the Swift toolchain first" >&2; exit 1; }

cd "$here"

# --- tests ---------------------------------------------------------------------------------------
if [ "$mode" = test ]; then
    # Python packages for the interop partner (../shared/tools/sops-ref, when it is there), the local
    # AWS endpoint (moto) and the pre-commit framework the hook definition is tested with.
    if python3 -c 'import cryptography, yaml, boto3, moto.server, flask, pre_commit' 2>/dev/null; then
        say "python test packages already installed"
    else
        say "installing python test packages (moto[server], boto3, cryptography, PyYAML, pre-commit)"
        python3 -m pip install --quiet 'moto[server]>=5.0' 'boto3>=1.34' 'cryptography>=45' 'PyYAML>=6.0' 'pre-commit>=3.2'
    fi
    command -v kubectl >/dev/null || say "warning: kubectl not found; the kubectl tests will fail"
    say "building the test suite"
    swift build --build-tests
    limit=${GITSOPS_TEST_TIME_LIMIT:-1800}
    say "running the test suite (a run still going after ${limit}s is stopped with a report)"
    # Line-buffered, so a log cut short still shows the last tests that finished; kept in a file
    # (shown as it grows) to count the skipped tests, which Swift Testing's summary does not.
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    # At most one test case per core at a time: Swift's concurrency pool has one thread per core,
    # and a synchronous test waiting on git blocks one; with more tests in flight, async tests'
    # timers starved for minutes (a 60 s plugin timeout fired on a plugin that had answered).
    # Measured on 2 cores: 2m37s against 2m59s unbounded.
    SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-$(nproc)} \
        stdbuf -oL -eL swift test --skip-build > "$log" 2>&1 &
    tests=$!
    tail -n +1 -f --pid="$tests" "$log" &
    tailer=$!
    (
        sleep "$limit" || exit 0
        kill -0 "$tests" 2>/dev/null || exit 0
        echo "install.sh: the test suite is still running after ${limit}s: processes, then test threads (with gdb)" >&2
        ps -eo pid,ppid,etime,args --forest >&2
        if command -v gdb >/dev/null; then
            for pid in $(pgrep -f 'PackageTests.xctest'); do
                timeout 300 gdb -batch -p "$pid" -ex 'thread apply all bt 15' 2>/dev/null | grep -E '^(Thread|#)' >&2 || true
            done
        fi
        pkill -KILL -P "$tests" || true
        kill -KILL "$tests" || true
    ) &
    watchdog=$!
    status=0
    wait "$tests" || status=$?
    wait "$tailer" || true
    pkill -P "$watchdog" sleep || true  # the watchdog's sleep would hold our output open
    wait "$watchdog" || true
    # Swift Testing's closing line counts skipped tests among the N it ran; say how many.
    summary=$(grep -E '^[^ ]+ Test run with [0-9]+ tests? ' "$log" | tail -n 1 || true)
    if [ -n "$summary" ]; then
        total=$(printf '%s\n' "$summary" | sed -E 's/^[^ ]+ Test run with ([0-9]+) .*/\1/')
        skipped=$(grep -cE '^[^ ]+ Test .* skipped' "$log" || true)
        failed=$(grep -E '^[^ ]+ Test .* failed after' "$log" | grep -cv '^[^ ]* Test run with' || true)
        grep -E '^[^ ]+ Test .* skipped: ' "$log" | sed -E 's/.* skipped: //' | sort | uniq -c |
            while read -r count reason; do say "$count skipped: $reason"; done || true
        say "$((total - skipped - failed)) passed, $failed failed, $skipped skipped"
    fi
    exit "$status"
fi

# --- release build and install ---------------------------------------------------------------
say "building release binary (static Swift stdlib)"
swift build -c release --static-swift-stdlib --product gitsops
bin_dir=$(swift build -c release --static-swift-stdlib --show-bin-path)

install_file() { # mode source destination
    local mode=$1 src=$2 dst=$3
    if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
        say "unchanged  $dst"
    else
        mkdir -p "$(dirname "$dst")"
        install -m "$mode" "$src" "$dst.tmp.$$" && mv -f "$dst.tmp.$$" "$dst"
        say "installed  $dst"
    fi
}

install_file 755 "$bin_dir/gitsops" "$prefix/bin/gitsops"
if [ "$(readlink "$prefix/bin/kubectl-secrets" 2>/dev/null)" = gitsops ]; then
    say "unchanged  $prefix/bin/kubectl-secrets -> gitsops"
else
    ln -sfn gitsops "$prefix/bin/kubectl-secrets"
    say "linked     $prefix/bin/kubectl-secrets -> gitsops"
fi
install_file 755 completions/kubectl_complete-secrets "$prefix/bin/kubectl_complete-secrets"
install_file 644 completions/gitsops.bash "$prefix/share/bash-completion/completions/gitsops"
install_file 644 completions/_gitsops "$prefix/share/zsh/site-functions/_gitsops"
install_file 644 completions/gitsops.fish "$prefix/share/fish/vendor_completions.d/gitsops.fish"
for page in man/*.1; do install_file 644 "$page" "$prefix/share/man/man1/$(basename "$page")"; done

case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) say "note: $prefix/bin is not on PATH; add it so git and kubectl find gitsops" ;;
esac

if [ "$demo" = 1 ]; then
    say "running the demo: $prefix/bin/gitsops demo"
    PATH="$prefix/bin:$PATH" "$prefix/bin/gitsops" demo
fi
