#!/usr/bin/env bash
# Builds a libFuzzer binary per harness with ASan, and runs each from the seed corpus in
# fuzz/corpus/<name> (copied to fuzz/corpus-run/<name>, which grows). safetensors, npy, csv, npz and
# torchzip fuzz the parsers (Sources/RecurrentIO/Formats alone; npz and torchzip also round-trip what
# parses through the writers); statedict fuzzes state dict → model inference and a tiny forward, so it
# also links the Recurrent engine (built first as its own module, with OpenBLAS).
#
#   fuzz/run.sh [runs] [names...]     default: 1000000 runs of safetensors npy csv npz torchzip statedict
#
# Outputs go to fuzz/out/ (binaries, logs, crash-* reproducers); neither it nor corpus-run/ is committed.
# A crash reproduces with: fuzz/out/fuzz-<name> fuzz/out/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000000}"
shift || true
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(safetensors npy csv npz torchzip statedict)

# A trap is libFuzzer's to report (stack trace, crash-* file): Swift's own backtracer would take the
# signal first and can sit symbolicating the instrumented binary for minutes.
export SWIFT_BACKTRACE=enable=no

# -D FUZZING: a bad zip CRC-32 is computed but let through (ZipArchive.crcMismatchIsTolerated).
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -D FUZZING)
quiet() { grep -v "Cannot export local symbol" || true; }

# The engine as a static library and module in fuzz/out/engine; COpenBLAS is found through its
# module map (Sources/COpenBLAS/module.modulemap, which also links -lopenblas).
engine=fuzz/out/engine
build_engine() {
    mkdir -p "$engine/ckernels"
    echo "== building $engine/libCKernels.a and $engine/libRecurrent.a"
    # The engine's C kernels (Sources/CKernels): objects with ASan, and a module map for `import CKernels`.
    rm -f "$engine"/ckernels/*.o
    for c in Sources/CKernels/*.c; do
        clang -O2 -g -fsanitize=address -ISources/CKernels/include -c "$c" -o "$engine/ckernels/$(basename "$c" .c).o"
    done
    ar rcs "$engine/libCKernels.a" "$engine"/ckernels/*.o
    printf 'module CKernels {\n    header "%s"\n    export *\n}\n' "$(pwd)/Sources/CKernels/include/CKernels.h" \
        > "$engine/ckernels/module.modulemap"
    swiftc "${flags[@]}" -module-name Recurrent -I Sources/COpenBLAS -I "$engine/ckernels" -emit-library -static \
        -emit-module -emit-module-path "$engine/Recurrent.swiftmodule" \
        Sources/Recurrent/*.swift -o "$engine/libRecurrent.a" 2>&1 | quiet
}

mkdir -p fuzz/out
for name in "${names[@]}"; do
    sources=(Sources/RecurrentIO/Formats/*.swift)
    linked=()
    max_len=4096
    case "$name" in
        safetensors) harness=fuzz/FuzzSafetensors.swift ;;
        npy) harness=fuzz/FuzzNpy.swift ;;
        csv) harness=fuzz/FuzzCSV.swift ;;
        torchzip) harness=fuzz/FuzzTorchZip.swift ;;
        npz) harness=fuzz/FuzzNpz.swift ;;
        statedict)
            harness=fuzz/FuzzStateDict.swift
            sources+=(Sources/RecurrentIO/StateDictModel.swift Sources/RecurrentIO/TensorArrays.swift)
            linked=(-I "$engine" -I Sources/COpenBLAS -I "$engine/ckernels" "$engine/libRecurrent.a" "$engine/libCKernels.a" -lopenblas)
            max_len=8192   # room for the real state dicts among the seeds (examples/sine.safetensors is 4.3 KB)
            build_engine
            ;;
        *) echo "unknown harness: $name" >&2; exit 2 ;;
    esac
    binary="fuzz/out/fuzz-$name"
    echo "== building $binary"
    swiftc "${flags[@]}" -module-name FuzzFormats "${sources[@]}" "$harness" "${linked[@]}" -o "$binary" 2>&1 | quiet
    mkdir -p "fuzz/corpus-run/$name"
    cp -n fuzz/corpus/"$name"/* "fuzz/corpus-run/$name/" 2>/dev/null || true
    dict=()
    [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
    echo "== running $binary for $runs executions"
    "$binary" "fuzz/corpus-run/$name" "${dict[@]}" -runs="$runs" -max_len="$max_len" -print_final_stats=1 \
        -artifact_prefix="fuzz/out/crash-$name-" 2>&1 | tee "fuzz/out/$name.log" | grep -E "stat::number_of_executed_units|ERROR|Fatal|crash-|Done" || true
done
