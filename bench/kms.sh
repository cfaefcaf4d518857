#!/usr/bin/env bash
# bench/kms.sh [N] [LATENCY_MS]: a git checkout of N secrets whose rule is an AWS KMS key (with a
# role to assume), against a local AWS (moto, IAM enforced) behind a loopback proxy that adds
# LATENCY_MS (default 30) to every request. The clone is timed with gitsops' concurrent unwrap (git's
# delayed checkout, GITSOPS_KMS_CONCURRENCY requests in flight: 16 by default, then 64) and in
# series (GITSOPS_KMS_CONCURRENCY=1), plus once straight to moto (no added latency: moto's own ceiling).
# moto is one Python process (its threads share the GIL); bench/moto_workers.py serves the same KMS
# API from 1 and from `nproc` forked processes (no IAM, no role) to show how far more workers go.
#
# Needs python3 with moto[server] and boto3 (./install.sh --test). GITSOPS=path skips the release build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

n=${1:-1000}
latency=${2:-30}
servers=$bench_root/Tests/Servers
build_gitsops
sandbox

declare -A fd
# start NAME SCRIPT ARGS...: a test server reading commands on $work/NAME.in, answering on $work/NAME.out.
start() {
    local name=$1; shift
    mkfifo "$work/$name.in"
    # Read-write, so neither side blocks opening it; the server ends when this end closes.
    exec {fd[$name]}<>"$work/$name.in"
    PYTHONUNBUFFERED=1 python3 "$@" < "$work/$name.in" > "$work/$name.out" 2> "$work/$name.err" &
    echo $! > "$work/$name.pid"
    for ((i = 0; i < 600; i++)); do [ -s "$work/$name.out" ] && return 0; sleep 0.1; done
    echo "bench: $name did not start:" >&2; cat "$work/$name.err" >&2; exit 1
}
# ask NAME COMMAND: the server's one-line JSON answer.
ask() {
    local lines
    lines=$(wc -l < "$work/$1.out")
    echo "$2" >&"${fd[$1]}"
    for ((i = 0; i < 600; i++)); do [ "$(wc -l < "$work/$1.out")" -gt "$lines" ] && break; sleep 0.05; done
    tail -n 1 "$work/$1.out"
}
bench_stop() {
    for name in proxy moto wproxy workers; do
        [ -n "${fd[$name]:-}" ] && eval "exec ${fd[$name]}>&-"
        [ -f "$work/$name.pid" ] && kill "$(cat "$work/$name.pid")" 2>/dev/null || true
    done
}
json() { python3 -c 'import json, sys; v = json.loads(sys.argv[1])
for k in sys.argv[2:]: v = v[k]
print(v)' "$@"; }

start moto "$servers/aws_moto.py"
info=$(head -n 1 "$work/moto.out")
moto_url=$(json "$info" url)
start proxy "$servers/fault_proxy.py" "$moto_url" --latency-ms "$latency"
proxy_url=$(json "$(head -n 1 "$work/proxy.out")" url)

export AWS_ACCESS_KEY_ID=$(json "$info" users developer id) AWS_SECRET_ACCESS_KEY=$(json "$info" users developer secret)
export AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-east-1
key=$(json "$info" keys us-east-1)
role=$(json "$info" roles cluster)

cd "$work" && git init -q -b main repo && cd repo
printf 'creation_rules:\n  - path_regex: ^secrets/\n    kms: "%s+%s"\n' "$key" "$role" > .sops.yaml
gitsops init >/dev/null
mkdir secrets
for ((i = 0; i < n; i++)); do
    printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-%d\ntype: Opaque\nstringData:\n  password: "p4ss-%d-%s"\n' "$i" "$i" "$RANDOM$RANDOM" > "secrets/app-$i.yaml"
done
add=$(AWS_ENDPOINT_URL=$moto_url seconds sh -c 'git add -A && git commit -q -m secrets')
cd ..
config=()
while read -r k v; do config+=(-c "$k=$v"); done < <(git -C repo config --get-regexp '^(filter|diff|merge)\.gitsops\.')

# clone LABEL ENDPOINT CONCURRENCY: one timed clone, checked, with the proxy's request statistics.
clone() {
    ask proxy reset >/dev/null
    rm -rf clone
    local t
    t=$(AWS_ENDPOINT_URL=$2 GITSOPS_KMS_CONCURRENCY=$3 seconds git clone -q "${config[@]}" repo clone)
    grep -q "p4ss-7-" clone/secrets/app-7.yaml || { echo "bench: the $1 clone is not decrypted" >&2; exit 1; }
    local stats=""
    if [ "$2" = "$proxy_url" ]; then
        local s
        s=$(ask proxy stats)
        stats="$(json "$s" total) requests, at most $(json "$s" max_concurrent) in flight"
    fi
    printf '  %-52s %8s s   %s\n' "$1" "$t" "$stats"
}

echo "bench/kms.sh: $n secrets, AWS KMS key + role (moto with IAM), proxy adding $latency ms per request ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-52s %8s s   (straight to moto, in series: one KMS Encrypt per file)\n' "add+commit" "$add"
clone "clone, concurrent (16, default)" "$proxy_url" 16
clone "clone, concurrent (64)" "$proxy_url" 64
clone "clone, straight to moto (16)" "$moto_url" 16
clone "clone, concurrency 1" "$proxy_url" 1

# moto's own ceiling: a role-less key served by 1 process, then by one forked worker per CPU, straight
# and behind the same latency proxy.
for workers in 1 "$(nproc)"; do
    for name in wproxy workers; do
        [ -n "${fd[$name]:-}" ] && { eval "exec ${fd[$name]}>&-"; kill "$(cat "$work/$name.pid")" 2>/dev/null || true; rm -f "$work/$name."*; }
    done
    start workers "$bench_root/bench/moto_workers.py" "$workers"
    winfo=$(head -n 1 "$work/workers.out")
    start wproxy "$servers/fault_proxy.py" "$(json "$winfo" url)" --latency-ms "$latency"
    wproxy_url=$(json "$(head -n 1 "$work/wproxy.out")" url)
    rm -rf "repo-$workers" && git init -q -b main "repo-$workers" && cd "repo-$workers"
    printf 'creation_rules:\n  - path_regex: ^secrets/\n    kms: "%s"\n' "$(json "$winfo" key)" > .sops.yaml
    gitsops init >/dev/null
    cp -r ../repo/secrets .
    wadd=$(AWS_ENDPOINT_URL=$(json "$winfo" url) seconds sh -c 'git add -A && git commit -q -m secrets')
    cd ..
    label="moto without IAM, $workers process$([ "$workers" = 1 ] || echo es)"
    for endpoint in "$(json "$winfo" url)" "$wproxy_url"; do
        rm -rf clone
        t=$(AWS_ENDPOINT_URL=$endpoint seconds git clone -q "${config[@]}" "repo-$workers" clone)
        grep -q "p4ss-7-" clone/secrets/app-7.yaml || { echo "bench: the moto-workers clone is not decrypted" >&2; exit 1; }
        how=$([ "$endpoint" = "$wproxy_url" ] && echo "+$latency ms" || echo "straight")
        printf '  %-52s %8s s   (add+commit %s s)\n' "clone, $label, $how (16)" "$t" "$wadd"
    done
done
