#!/usr/bin/env bash
# Regenerates the committed completion scripts from the argument parser of a built gitsops:
#   completions/generate.sh [PATH_TO_GITSOPS]   (default: .build/debug/gitsops)
# Tests compare the committed files with this output, so run it after changing any command.
# `kubectl secrets <TAB>` is served by kubectl_complete-secrets (kubectl's plugin completion).
set -euo pipefail
cd "$(dirname "$0")"
bin=${1:-../.build/debug/gitsops}
"$bin" --generate-completion-script bash > gitsops.bash
"$bin" --generate-completion-script zsh > _gitsops
"$bin" --generate-completion-script fish > gitsops.fish
echo "completions regenerated from $bin"
