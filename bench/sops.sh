#!/usr/bin/env bash
# Encrypt/decrypt throughput of the Sops engine (in process, release build) next to the reference
# implementation sops_ref.py (in process, Python) on the same inputs: a 1 MiB multi-document
# manifest of Secrets and a Secret with 100 keys, age key, encrypted_regex ^(data|stringData)$.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${GITSOPS_SHARED:-$(cd .. && pwd)/shared}"
swift build -c release --product sops-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.build/release/sops-bench "$work"
python3 - "$shared/tools/sops-ref/sops_ref.py" "$work" <<'PY'
import importlib.util, io, os, sys, time
tool, work = sys.argv[1], sys.argv[2]
os.environ["SOPS_AGE_KEY"] = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7"
sys.path.insert(0, os.path.dirname(tool))
spec = importlib.util.spec_from_file_location("sops_ref_main", tool)
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
recipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun"

def timed(argv, n):
    real = sys.stdout
    start = time.perf_counter()
    for _ in range(n):
        sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        assert mod.main(argv) == 0
    sys.stdout = real
    return (time.perf_counter() - start) / n

print("sops_ref.py (in-process, Python %d.%d)" % sys.version_info[:2])
for name, n in (("manifest-1mib.yaml", 3), ("manifest-100keys.yaml", 50)):
    path = os.path.join(work, name)
    size = os.path.getsize(path)
    enc = timed(["encrypt", path, "--age", recipient, "--encrypted-regex", "^(data|stringData)$"], n)
    dec = timed(["decrypt", path.replace(".yaml", ".enc.yaml"), "--emit"], n)
    mib = size / 1048576
    print("  %-22s %d bytes  encrypt %8.2f ms (%6.1f MiB/s)  decrypt %8.2f ms (%6.1f MiB/s)"
          % (name, size, enc * 1000, mib / enc, dec * 1000, mib / dec))
PY
