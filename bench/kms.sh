#!/usr/bin/env bash
# Checkout-like unwrap of N KMS-wrapped data keys (default 1000) against a local AWS KMS (moto,
# IAM enforcement on) behind a loopback proxy adding 30 ms per request: concurrent (the HTTP
# layer's default bound of 16, or --concurrency C) versus in series. Prints both times.
#
#   bench/kms.sh [N] [--concurrency C] [--latency-ms MS]
# Needs python3 with moto[server] and boto3 (./install.sh --test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
[ $# -gt 0 ] && shift
swift build -c release --product KMSBench >/dev/null
exec "$(swift build -c release --show-bin-path)/KMSBench" "$count" "$@"
