#!/usr/bin/env bash
# bench/memory.sh [BINARY_MIB] [YAML_MIB]: peak resident memory (/usr/bin/time -v, "Maximum resident
# set size") of gitsops on a large binary secret (default 50 MiB of random bytes) and a large YAML
# Secret (default 10 MiB, ~100-byte values): `gitsops encrypt` and `decrypt`, and the git filter
# (`git add` = clean, `git checkout` of one file = smudge, one long-running filter process each).
# Prints each peak next to the file size and the issue's target (under 2x the file size).
#
# GITSOPS=path skips the release build. Runs in a temporary HOME.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

binary_mib=${1:-50}
yaml_mib=${2:-10}
build_gitsops
sandbox
[ -x /usr/bin/time ] || ensure_apt /usr/bin/time time
age_identity

cd "$work" && git init -q -b main repo && cd repo
gitsops init --age "$recipient" >/dev/null
git add .gitattributes .sops.yaml && git commit -q -m setup
mkdir secrets
head -c $((binary_mib << 20)) /dev/urandom > secrets/blob.bin
python3 - secrets/big.yaml $((yaml_mib << 20)) <<'PY'
import os, sys, base64
path, size = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ntype: Opaque\nstringData:\n")
    i, written = 0, 0
    while written < size:
        line = "  key-%06d: %s\n" % (i, base64.b64encode(os.urandom(72)).decode())
        f.write(line)
        written += len(line)
        i += 1
PY

# row LABEL KIB FILE: one line, the peak next to the file size.
row() {
    awk -v l="$1" -v k="$2" -v s="$(stat -c %s "$3")" 'BEGIN {
        r = k * 1024 / s
        printf "  %-44s %8.1f MiB  file %6.1f MiB  %4.2fx  %s\n", l, k / 1024, s / 1048576, r, (r < 2 ? "under 2x" : "over 2x") }'
}

# maxrss FILE: "Maximum resident set size" in KiB from a /usr/bin/time -v report.
maxrss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# peak LABEL FILE COMMAND...: one row (the largest of the command and its children); the
# command's output goes to $work/out.
peak() {
    local label=$1 file=$2; shift 2
    /usr/bin/time -v -o "$work/time.txt" "$@" > "$work/out" 2>"$work/err" || { echo "bench: '$*' failed:" >&2; cat "$work/err" >&2; exit 1; }
    row "$label" "$(maxrss "$work/time.txt")" "$file"
}

config=()
while read -r k v; do config+=(-c "$k=$v"); done < <(git config --get-regexp '^(filter|diff|merge)\.gitsops\.')

echo "bench/memory.sh: peak RSS ($(nproc) CPUs)"
for file in secrets/blob.bin secrets/big.yaml; do
    peak "gitsops encrypt $(basename "$file")" "$file" gitsops encrypt --age "$recipient" "$file"
    cp "$work/out" "$work/$(basename "$file").enc"
    peak "gitsops decrypt $(basename "$file")" "$file" gitsops decrypt --filename-override "$file" "$work/$(basename "$file").enc"
    cmp -s "$work/out" "$file" || { echo "bench: decrypt of $file differs" >&2; exit 1; }
    peak "git add $(basename "$file") (clean)" "$file" git add "$file"
done
git commit -q -m big
cd .. && git clone -q --no-checkout "${config[@]}" repo clone && cd clone
git checkout -q HEAD -- .gitattributes .sops.yaml
# The filter process measured on its own too: git's peak includes git reading the whole blob.
git config filter.gitsops.process "/usr/bin/time -v -o $work/filter.txt $(git config filter.gitsops.process)"
for file in secrets/blob.bin secrets/big.yaml; do
    peak "git checkout $(basename "$file") (smudge)" "../repo/$file" git checkout -q HEAD -- "$file"
    row "  gitsops filter-process alone" "$(maxrss "$work/filter.txt")" "../repo/$file"
done
cmp -s secrets/blob.bin ../repo/secrets/blob.bin && cmp -s secrets/big.yaml ../repo/secrets/big.yaml ||
    { echo "bench: the checkout differs" >&2; exit 1; }
