#!/usr/bin/env bash
# Builds a libFuzzer binary per parser (safetensors, npy, CSV) with ASan, and runs each from the
# seed corpus in fuzz/corpus/<name> (copied to fuzz/corpus-run/<name>, which grows).
#
#   fuzz/run.sh [runs] [names...]     default: 1000000 runs of safetensors npy csv
#
# Outputs go to fuzz/out/ (binaries, logs, crash-* reproducers); neither it nor corpus-run/ is committed.
# A crash reproduces with: fuzz/out/fuzz-<name> fuzz/out/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000000}"
shift || true
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(safetensors npy csv)

mkdir -p fuzz/out
for name in "${names[@]}"; do
    case "$name" in
        safetensors) harness=fuzz/FuzzSafetensors.swift ;;
        npy) harness=fuzz/FuzzNpy.swift ;;
        csv) harness=fuzz/FuzzCSV.swift ;;
        torchzip) harness=fuzz/FuzzTorchZip.swift ;;
        *) echo "unknown harness: $name" >&2; exit 2 ;;
    esac
    binary="fuzz/out/fuzz-$name"
    echo "== building $binary"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name FuzzFormats \
        Sources/RecurrentIO/Formats/*.swift "$harness" -o "$binary" 2>&1 | { grep -v "Cannot export local symbol" || true; }
    mkdir -p "fuzz/corpus-run/$name"
    cp -n fuzz/corpus/"$name"/* "fuzz/corpus-run/$name/" 2>/dev/null || true
    dict=()
    [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
    echo "== running $binary for $runs executions"
    "$binary" "fuzz/corpus-run/$name" "${dict[@]}" -runs="$runs" -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="fuzz/out/crash-$name-" 2>&1 | tee "fuzz/out/$name.log" | grep -E "stat::number_of_executed_units|ERROR|Fatal|crash-|Done" || true
done
