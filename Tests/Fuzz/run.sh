#!/usr/bin/env bash
# Builds the fuzz targets once with libFuzzer and AddressSanitizer (in .build-fuzz) and runs each
# for SECONDS (default 60), then prints per target the executions and the findings.
#   Tests/Fuzz/run.sh [SECONDS] [TARGET…]
# Corpus, seeds, logs and findings go to .build-fuzz/fuzz/ (never committed). A finding is a crash,
# a broken invariant, a hang (-timeout), a large allocation (-malloc_limit_mb) or too much memory
# (-rss_limit_mb); reproduce it with `.build-fuzz/debug/<Target> FILE`, then keep it in
# Tests/Fuzz/Regressions/<Target>/ once fixed (FuzzRegressionTests replays that directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(YAMLFuzz SopsStoreFuzz SopsDocumentFuzz AgeFuzz FilterProtocolFuzz)
work=.build-fuzz/fuzz

for target in "${targets[@]}"; do
    swift build -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -O \
        --product "$target" 2>&1 | grep -E "error|Compiling|Build complete" | grep -v "Cannot export" || true
    [ -x ".build-fuzz/debug/$target" ] || { echo "run.sh: building $target failed" >&2; exit 1; }
done
Tests/Fuzz/seeds.sh "$work/seeds"

# Crashes are reported by libFuzzer and ASan; Swift's own backtracer would stall the run. Leak
# detection is off: Swift's runtime caches make LeakSanitizer scan after nearly every input (15x
# slower); growing memory still ends a run through -rss_limit_mb.
export SWIFT_BACKTRACE=enable=no
# ASan keeps every allocation's stack forever; Swift's async stacks are varied enough that this
# alone grew past -rss_limit_mb within minutes. Two frames keep memory flat.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=2}
total=0
printf '%-20s %12s %8s %10s %9s\n' target executions seconds corpus findings
for target in "${targets[@]}"; do
    rm -rf "$work/findings/$target"
    mkdir -p "$work/corpus/$target" "$work/findings/$target"
    log="$work/$target.log"
    started=$SECONDS
    ".build-fuzz/debug/$target" "$work/corpus/$target" "$work/seeds/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -detect_leaks=0 \
        -artifact_prefix="$work/findings/$target/" -print_final_stats=1 >"$log" 2>&1 || true
    runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1 || true)
    elapsed=$((SECONDS - started))
    corpus=$(find "$work/corpus/$target" -type f | wc -l)
    findings=$(find "$work/findings/$target" -type f | wc -l)
    total=$((total + findings))
    printf '%-20s %12s %8s %10s %9s\n' "$target" "${runs:-?}" "$elapsed" "$corpus" "$findings"
    find "$work/findings/$target" -type f | sed 's/^/    /'
done
[ "$total" -eq 0 ]
