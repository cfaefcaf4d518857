#!/usr/bin/env bash
# Tests the packages packaging/build.sh makes, as a user meets them (run by .ci/run after
# ./install.sh, whose release build it reuses; needs root, as CI has, for apt-get):
#   - the .deb installs with apt-get, `gitsops demo` and `kubectl secrets --help` run from it,
#     its man pages and completions are in place, and `apt-get remove` takes every file away;
#   - the tarball holds what it should, only files and directories (all krew unpacks), and its
#     gitsops runs;
#   - the krew manifest parses and names the tarball's sha256 and binary.
# It installs and removes the package `gitsops` on this machine.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
say() { printf 'packaging/test.sh: %s\n' "$*"; }
fail() { printf 'packaging/test.sh: FAILED: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (apt-get install of the .deb)"
command -v kubectl >/dev/null || fail "kubectl is not on PATH (kubectl secrets --help runs through it)"

out=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$out" "$work"' EXIT
packaging/build.sh --out "$out"
version=$(tr -d ' \t\r\n' < VERSION)
arch=$(dpkg --print-architecture)
name=gitsops-$version-linux-$arch
deb=$out/gitsops_${version}_$arch.deb
tarball=$out/$name.tar.gz
commit=unknown
[ -e .git ] && commit=$(git rev-parse --short=12 HEAD)
expected_version="gitsops $version (commit $commit)"

# --- the Debian package --------------------------------------------------------------------------
if dpkg-query -W -f='${Status}' gitsops 2>/dev/null | grep -q "install ok installed"; then
    fail "a gitsops package is already installed here; remove it first (apt-get remove gitsops)"
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
say "installed $(basename "$deb") (Depends: $(dpkg-query -W -f='${Depends}' gitsops))"
dpkg -L gitsops | sort > "$work/files"
for file in /usr/bin/gitsops /usr/bin/kubectl_complete-secrets /usr/share/man/man1/gitsops.1.gz \
            /usr/share/man/man1/kubectl-secrets.1.gz /usr/share/man/man1/gitsops.init.1.gz \
            /usr/share/bash-completion/completions/gitsops /usr/share/zsh/vendor-completions/_gitsops \
            /usr/share/fish/vendor_completions.d/gitsops.fish /usr/share/doc/gitsops/copyright; do
    grep -qx "$file" "$work/files" && [ -f "$file" ] || fail "the package does not install $file"
done
[ "$(readlink /usr/bin/kubectl-secrets)" = gitsops ] || fail "/usr/bin/kubectl-secrets is not a link to gitsops"
# Only the package's directories first on PATH (an install.sh copy in /usr/local must not answer).
kubectl_dir=$(dirname "$(command -v kubectl)")
package_path=/usr/bin:/bin:$kubectl_dir
[ "$(PATH=$package_path gitsops --version)" = "$expected_version" ] || fail "the packaged gitsops says $(PATH=$package_path gitsops --version)"
(cd "$work" && PATH=$package_path HOME=$work gitsops demo > "$work/demo.log" 2>&1) \
    || { cat "$work/demo.log" >&2; fail "gitsops demo from the package failed"; }
say "gitsops demo ran from /usr/bin/gitsops: $(tail -n 1 "$work/demo.log")"
PATH=$package_path kubectl secrets --help > "$work/help.txt" || fail "kubectl secrets --help failed"
grep -q "USAGE: kubectl secrets" "$work/help.txt" || fail "kubectl secrets --help printed no usage"
# (kubectl plugin list exits 1 when it also warns, about another copy further down PATH, say.)
plugins=$(PATH=$package_path kubectl plugin list 2>/dev/null || true)
grep -qx /usr/bin/kubectl-secrets <<<"$plugins" || fail "kubectl plugin list does not find /usr/bin/kubectl-secrets"
say "kubectl secrets --help ran through kubectl from /usr/bin/kubectl-secrets"
if command -v man >/dev/null; then
    [ "$(MANPATH=/usr/share/man man -w gitsops.init)" = /usr/share/man/man1/gitsops.init.1.gz ] || fail "man does not find gitsops.init"
fi

DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq gitsops >/dev/null
if dpkg-query -W -f='${Status}' gitsops 2>/dev/null | grep -q "ok installed"; then fail "gitsops is still installed"; fi
while read -r file; do
    [ -d "$file" ] && continue
    if [ -e "$file" ] || [ -L "$file" ]; then fail "apt-get remove left $file"; fi
done < "$work/files"
say "apt-get remove gitsops removed all $(wc -l < "$work/files") paths it had installed"

# --- the tarball -----------------------------------------------------------------------------------
tar -tvzf "$tarball" > "$work/listing"
tar -tzf "$tarball" > "$work/names"
# krew's unpacker takes only regular files and directories (a link fails the whole install).
if grep -v '^[-d]' "$work/listing"; then fail "the tarball holds entries other than files and directories"; fi
for entry in bin/gitsops bin/kubectl_complete-secrets share/man/man1/gitsops.1 share/man/man1/kubectl-secrets.push.1 \
             share/bash-completion/completions/gitsops share/zsh/site-functions/_gitsops \
             share/fish/vendor_completions.d/gitsops.fish README.md; do
    grep -qx "$name/$entry" "$work/names" || fail "the tarball has no $name/$entry"
done
tar -C "$work" -xzf "$tarball"
[ "$("$work/$name/bin/gitsops" --version)" = "$expected_version" ] || fail "the tarball's gitsops does not run"
say "$(basename "$tarball"): $(wc -l < "$work/listing") entries, gitsops runs"

# --- the krew manifest -------------------------------------------------------------------------------
python3 - "$out/secrets.yaml" "$tarball" "$version" "$arch" "$name" <<'PY'
import hashlib, os, sys, tarfile, yaml
manifest_path, tarball, version, arch, name = sys.argv[1:]
with open(manifest_path) as f:
    plugin = yaml.safe_load(f)
problems = []
def check(condition, what):
    if not condition:
        problems.append(what)
check(plugin.get("apiVersion") == "krew.googlecontainertools.github.com/v1alpha2", "apiVersion is krew's")
check(plugin.get("kind") == "Plugin", "kind is Plugin")
check(plugin.get("metadata", {}).get("name") == "secrets", "the plugin is named secrets (kubectl-secrets)")
spec = plugin.get("spec", {})
check(spec.get("version") == "v" + version, "spec.version is v + VERSION")
check(spec.get("shortDescription") and "\n" not in spec["shortDescription"], "one-line shortDescription")
platforms = spec.get("platforms", [])
check(len(platforms) == 1, "one platform")
platform = platforms[0] if platforms else {}
check(platform.get("selector", {}).get("matchLabels") == {"os": "linux", "arch": arch}, "selector os linux, arch " + arch)
with open(tarball, "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
check(platform.get("sha256") == digest, "sha256 is the tarball's")
check(platform.get("uri", "").endswith("/" + os.path.basename(tarball)), "uri names the tarball")
check("files" not in platform, "no files: krew copies the whole archive")
with tarfile.open(tarball) as archive:
    member = next((m for m in archive.getmembers() if m.name == platform.get("bin")), None)
check(member is not None and member.isfile() and member.mode & 0o111, "bin is an executable file in the tarball")
if problems:
    sys.exit("packaging/test.sh: FAILED: the krew manifest: " + "; ".join(problems))
print("packaging/test.sh: %s: krew manifest for %s, sha256 %s, bin %s" % (os.path.basename(manifest_path), name, digest, platform["bin"]))
PY
say "all package checks passed"
