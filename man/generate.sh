#!/usr/bin/env bash
# Regenerates the committed man pages from the command definitions with swift-argument-parser's
# generate-manual plugin (a page per command: gitsops.1, gitsops.init.1, ...), then the pages of
# `kubectl secrets` with the tool that plugin built, run on a kubectl-secrets link (the plugin only
# knows the gitsops product); their files and titles become kubectl-secrets*.1.
#   man/generate.sh
# Tests compare man/dump-help.sha256 with the digest of the current definitions, so run it after
# changing any command (and completions/generate.sh too).
set -euo pipefail
cd "$(dirname "$0")/.."
# The date in the pages: the last commit's, so the same sources give the same pages.
date=$(git log -1 --format=%cs 2>/dev/null || date +%F)
swift package plugin generate-manual --configuration debug --multi-page --date "$date" >/dev/null
bin=$(swift build --show-bin-path)
tool=$bin/generate-manual-tool
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$bin/gitsops" "$work/kubectl-secrets"
mkdir "$work/pages"
"$tool" "$work/kubectl-secrets" --multi-page --date "$date" --output-directory "$work/pages"

rm -f man/*.1
cp .build/plugins/GenerateManual/outputs/gitsops/*.1 man/
for page in "$work/pages"/*.1; do
    name=$(basename "$page")
    sed -e 's/^\.Dt "KUBECTL SECRETS\(.*\)" 1$/.Dt KUBECTL-SECRETS\1 1/' \
        -e 's/^\.Xr "kubectl secrets\(.*\)" 1/.Xr kubectl-secrets\1 1/' "$page" > "man/kubectl-secrets${name#kubectl secrets}"
done
{ "$bin/gitsops" --experimental-dump-help; "$work/kubectl-secrets" --experimental-dump-help; } | sha256sum | cut -d' ' -f1 > man/dump-help.sha256
echo "man pages regenerated: $(ls man/*.1 | wc -l) pages"
