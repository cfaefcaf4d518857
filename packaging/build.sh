#!/usr/bin/env bash
# Packages the release build (what ./install.sh builds: static Swift stdlib) for Linux:
#
#   packaging/build.sh [--out DIR] [--release-url URL]
#
#   DIR/gitsops-VERSION-linux-ARCH.tar.gz   gitsops, kubectl_complete-secrets, completions, man pages, README
#   DIR/gitsops_VERSION_ARCH.deb            the same under /usr, with the kubectl-secrets link
#   DIR/secrets.yaml                        a krew plugin manifest for the tarball (its sha256)
#
# DIR defaults to .build/packages. URL is where the tarball will be downloadable from (the krew
# manifest's uri); without it the manifest works with `kubectl krew install --manifest=DIR/secrets.yaml
# --archive=DIR/gitsops-….tar.gz`. VERSION comes from the VERSION file; ARCH is dpkg's (amd64, arm64).
# Builds nothing new when ./install.sh already made the release build.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/.build/packages
release_url=""
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --release-url) release_url=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "packaging/build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
say() { printf 'packaging/build.sh: %s\n' "$*"; }

cd "$here"
version=$(tr -d ' \t\r\n' < VERSION)
arch=$(dpkg --print-architecture)
name=gitsops-$version-linux-$arch
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The release build is up to date after ./install.sh; this only checks it (a few seconds).
swift build -c release --static-swift-stdlib --product gitsops >/dev/null
binary=$(swift build -c release --static-swift-stdlib --show-bin-path)/gitsops
# A fixed time for every file, so the same commit packages to the same bytes.
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# --- tarball: no symlinks in it, since krew's unpacker takes only files and directories; krew
# makes the kubectl-secrets link itself, and a hand install makes it with ln -s (docs/packaging.md).
tree=$stage/$name
install -D -m 755 "$binary" "$tree/bin/gitsops"
install -D -m 755 completions/kubectl_complete-secrets "$tree/bin/kubectl_complete-secrets"
install -D -m 644 completions/gitsops.bash "$tree/share/bash-completion/completions/gitsops"
install -D -m 644 completions/_gitsops "$tree/share/zsh/site-functions/_gitsops"
install -D -m 644 completions/gitsops.fish "$tree/share/fish/vendor_completions.d/gitsops.fish"
for page in man/*.1; do install -D -m 644 "$page" "$tree/share/man/man1/$(basename "$page")"; done
install -m 644 README.md "$tree/README.md"
[ -f LICENSE ] && install -m 644 LICENSE "$tree/LICENSE"
tarball=$out/$name.tar.gz
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$name" | gzip -9n > "$tarball.tmp"
mv -f "$tarball.tmp" "$tarball"
say "built $tarball"

# --- Debian package ----------------------------------------------------------------------------
# Depends: the packages holding the libraries the binary links (readelf's NEEDED) and those it
# loads with dlopen (libgit2 of the headers it was built against, libcurl), plus git, which runs it.
library_package() { # soname -> the installed Debian package that ships it
    local path real candidate package
    path=$(ldconfig -p | awk -v lib="$1" '$1 == lib { print $NF; exit }')
    [ -n "$path" ] || { echo "packaging/build.sh: $1 is not installed; cannot name its package" >&2; exit 1; }
    real=$(readlink -f "$path")
    # dpkg knows each file under one name: /lib or /usr/lib (merged /usr), the link or its target.
    for candidate in "$path" "$real" "/usr$path" "${path#/usr}" "${real#/usr}"; do
        package=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1)
        [ -n "$package" ] && { echo "$package"; return; }
    done
    echo "packaging/build.sh: no installed package ships $path" >&2
    exit 1
}
git2_soversion=$(sed -n 's/^#define LIBGIT2_SOVERSION *"\(.*\)"/\1/p' /usr/include/git2/version.h)
sonames=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
sonames="$sonames libgit2.so.$git2_soversion libcurl.so.4"
depends=$(for soname in $sonames; do library_package "$soname"; done | sort -u | paste -sd, | sed 's/,/, /g')
depends="$depends, git"

root=$stage/deb
install -D -m 755 "$binary" "$root/usr/bin/gitsops"
ln -s gitsops "$root/usr/bin/kubectl-secrets"
install -D -m 755 completions/kubectl_complete-secrets "$root/usr/bin/kubectl_complete-secrets"
install -D -m 644 completions/gitsops.bash "$root/usr/share/bash-completion/completions/gitsops"
install -D -m 644 completions/_gitsops "$root/usr/share/zsh/vendor-completions/_gitsops"
install -D -m 644 completions/gitsops.fish "$root/usr/share/fish/vendor_completions.d/gitsops.fish"
for page in man/*.1; do
    install -D -m 644 "$page" "$root/usr/share/man/man1/$(basename "$page")"
    gzip -9n "$root/usr/share/man/man1/$(basename "$page")"
done
install -D -m 644 README.md "$root/usr/share/doc/gitsops/README.md"
if [ -f LICENSE ]; then
    install -m 644 LICENSE "$root/usr/share/doc/gitsops/copyright"
else
    printf 'gitsops\n\nThe project has not chosen a licence yet; until it does, no licence is granted.\n' \
        > "$root/usr/share/doc/gitsops/copyright"
fi
install -d "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<EOF
Package: gitsops
Version: $version
Architecture: $arch
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: gnupg
Section: utils
Priority: optional
Description: encrypted Kubernetes secrets in git that feel like plain files
 A git clean/smudge filter that keeps files under secrets/ encrypted in git
 as SOPS documents (age, PGP, AWS KMS, Azure Key Vault, GCP KMS, Vault) and
 decrypted in the working tree, and a kubectl plugin (kubectl secrets) to
 view, edit, diff and apply them.
EOF
# The project names no maintainer yet: GITSOPS_MAINTAINER ("Name <email>") sets one; without it
# dpkg-deb warns that the field is missing.
[ -n "${GITSOPS_MAINTAINER:-}" ] && sed -i "2a Maintainer: $GITSOPS_MAINTAINER" "$root/DEBIAN/control"
find "$root" -exec touch -h -d "@$epoch" {} +
deb=$out/gitsops_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb.tmp" >/dev/null
mv -f "$deb.tmp" "$deb"
say "built $deb (Depends: $depends)"

# --- krew manifest (krew's own apiVersion: krew.googlecontainertools.github.com/v1alpha2) ---------
sha=$(sha256sum "$tarball" | cut -d' ' -f1)
uri=${release_url:-https://example.invalid/set-packaging-build.sh--release-url}
cat > "$out/secrets.yaml" <<EOF
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: secrets
spec:
  version: v$version
  shortDescription: View, edit, diff and apply SOPS-encrypted Secrets kept in git
  description: |
    kubectl secrets reads SOPS-encrypted Kubernetes Secrets from a git repository (any revision,
    through libgit2), decrypts them in memory and lets you view them, edit them in tmpfs, diff them
    against the cluster with values masked and apply them. It is the kubectl personality of gitsops,
    the git filter that keeps secrets/ encrypted in git; the gitsops command is installed with it.
  caveats: |
    The git filter is the same binary run as gitsops; to use it, put it on PATH:
      ln -s "\${KREW_ROOT:-\$HOME/.krew}/store/secrets/v$version/$name/bin/gitsops" ~/.local/bin/gitsops
    then run \`gitsops init\` in your repository (see \`kubectl secrets --help\` and the README).
  platforms:
    - selector:
        matchLabels:
          os: linux
          arch: $arch
      uri: ${uri%/}/$name.tar.gz
      sha256: $sha
      bin: $name/bin/gitsops
EOF
say "built $out/secrets.yaml (sha256 $sha)"
