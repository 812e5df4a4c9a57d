#!/usr/bin/env bash
# langevin's check of an OpenCL GPU, run from the folder scripts/gpu-bundle makes: needs a GPU
# driver, no Java, no network. Writes $OUT/gpu-report.md (and the tables behind it) and exits 0
# when the opencl engine agreed with the reference on every equivalence case.
#   OUT=out bash gpu-check.sh
# Environment:
#   OUT                    output folder (default ./out)
#   LANGEVIN_OPENCL        auto (NVIDIA's driver when found, else the system's) | nvidia | system; see ./langevin
#   LANGEVIN_OPENCL_LIBRARY  a driver library to load through a private .icd file
#   LANGEVIN_GPU_DEVICE    OpenCL device number (default: the first GPU that 'langevin devices' lists, else 0)
#   LANGEVIN_GPU_CHAINS    chain counts of the throughput table (default 4096,65536,1048576)
#   LANGEVIN_GPU_STEPS     fused steps K per launch (default 1,64)
#   LANGEVIN_GPU_SECONDS   timed seconds per throughput cell (default 1)
#   LANGEVIN_GPU_PROBE_MIB buffer of the bandwidth probe (default 256)
#   LANGEVIN_GPU_MLP_CHAINS chain counts of the MLP's throughput (default 1024,16384)
#   LANGEVIN_GPU_JAX       0 skips the JAX comparison (default: run it when python3 imports jax)
#   TORNADOVM_HOME         a TornadoVM SDK installed on this machine (by TornadoVM's own instructions, for the
#                          bundle's Java version): the tornadovm engine is checked too, when the bundle has it
#   LANGEVIN_TORNADOVM_DEVICE  TornadoVM's device number (default 0, TornadoVM's default device)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
OUT="${OUT:-$here/out}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
chains="${LANGEVIN_GPU_CHAINS:-4096,65536,1048576}"
steps="${LANGEVIN_GPU_STEPS:-1,64}"
seconds="${LANGEVIN_GPU_SECONDS:-1}"
probe_mib="${LANGEVIN_GPU_PROBE_MIB:-256}"
log="$OUT/gpu-check.log"
: > "$log"
started=$(date +%s)
note() { echo "gpu-check: $*" | tee -a "$log" >&2; }
elapsed() { echo $(( $(date +%s) - started )); }

# The OpenCL driver, chosen once here for every call below (opencl-env.sh).
bundle_dir="$here"
. "$here/opencl-env.sh" || exit 1
tornadovm_home="${TORNADOVM_HOME:-}"
unset TORNADOVM_HOME # the opencl steps run without TornadoVM; step 6 runs with it
run_langevin() { "$here/langevin" "$@"; }
run_main() { local main="$1"; shift; LANGEVIN_MAIN="$main" "$here/langevin" "$@"; }
run_tornado_main() { local main="$1"; shift; TORNADOVM_HOME="$tornadovm_home" LANGEVIN_MAIN="$main" "$here/langevin" "$@"; }

note "bundle: $(head -n 1 "$here/VERSION" 2>/dev/null || echo unknown); output in $OUT"
note "OpenCL driver: $LANGEVIN_OPENCL_NOTE"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(uname -srm), $(nproc) cores"
    grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/^model name[[:space:]]*: /cpu: /'
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv,noheader 2>/dev/null | sed 's/^/nvidia-smi: /'
    cat "$here/VERSION" 2>/dev/null
} > "$OUT/system.txt"

# 1. devices (the first call also finds the driver; the note says which)
run_langevin devices > "$OUT/devices.txt" 2>>"$log"
devices_status=$?
cat "$OUT/devices.txt" | tee -a "$log" >&2
device="${LANGEVIN_GPU_DEVICE:-}"
if [ -z "$device" ]; then
    device=$(awk '$1 ~ /^[0-9]+$/ && $3 == "GPU" { print $1; exit }' "$OUT/devices.txt")
    device="${device:-0}"
fi
if ! grep -qE '^[0-9]+ ' "$OUT/devices.txt"; then
    note "no OpenCL device: see $OUT/devices.txt and $log"
fi

# 2. equivalence: every target and rule on the opencl engine against the reference
note "equivalence on OpenCL device $device ($(elapsed) s)"
run_main dev.langevin.check.EquivalenceCheck --device "$device" --data "$here/data" > "$OUT/equivalence.md" 2>>"$log"
equivalence_status=$?
tail -n 1 "$OUT/equivalence.md" | tee -a "$log" >&2
grep -F '| FAIL' "$OUT/equivalence.md" | tee -a "$log" >&2

# 3. throughput against the device's ceilings
note "throughput: chains $chains, K $steps, $seconds s per cell ($(elapsed) s)"
run_main dev.langevin.check.Throughput --device "$device" --chains "$chains" --launch-steps "$steps" \
    --seconds "$seconds" --probe-mib "$probe_mib" --data "$here/data" --csv "$OUT/throughput.csv" \
    > "$OUT/throughput.md" 2>>"$log"
throughput_status=$?
cat "$OUT/throughput.md" >&2

# 3b. the MLP 64-50-10 on the digits (d = 3760, per-chain batches of 32): on a GPU its gradient takes a
# work-group per chain, one launch per step, so K does not apply
mlp_chains="${LANGEVIN_GPU_MLP_CHAINS:-1024,16384}"
note "MLP throughput: chains $mlp_chains ($(elapsed) s)"
run_main dev.langevin.check.Throughput --device "$device" --workloads mlp --chains "$mlp_chains" --launch-steps 1 \
    --seconds "$seconds" --probe-mib "$probe_mib" --data "$here/data" --csv "$OUT/mlp.csv" \
    > "$OUT/mlp.md" 2>>"$log"
mlp_status=$?
grep '^| mlp' "$OUT/mlp.md" >&2

# 4. the command line end to end on the device: a run that writes its outputs
note "a run with --out ($(elapsed) s)"
rm -rf "$OUT/run"
run_langevin run --engine opencl --device "$device" --target gaussian --dim 2 --chains 1024 --steps 4000 \
    --thin 10 --step-size 0.1 --seed 1 --out "$OUT/run" > "$OUT/run.txt" 2>>"$log"
run_status=$?
rm -f "$OUT/run/draws.npy" # written and read back by the run; not worth carrying home
# 0: trusted; 3: finished, verdict "do not trust" (a short run may get it): both ran
[ "$run_status" -eq 3 ] && run_status=0

# 5. JAX on the same device, when python3 has it
jax_status=skipped
python=$(command -v python3 || command -v python || true)
if [ "${LANGEVIN_GPU_JAX:-1}" = 0 ]; then
    echo "JAX: skipped (LANGEVIN_GPU_JAX=0)." > "$OUT/jax.md"
elif [ -z "$python" ] || ! "$python" -c 'import jax' >/dev/null 2>&1; then
    echo "JAX: skipped (${python:-python3} cannot import jax)." > "$OUT/jax.md"
else
    note "JAX ($(elapsed) s)"
    timeout 300 "$python" "$here/peers/sgld_jax.py" --require-gpu --chains "$chains" --seconds "$seconds" --data "$here/data" \
        --langevin-csv "$OUT/throughput.csv" --csv "$OUT/jax.csv" > "$OUT/jax.md" 2>>"$log"
    jax_status=$?
    [ "$jax_status" -eq 124 ] && echo "JAX: stopped after 300 s; the rows above are those that finished." >> "$OUT/jax.md"
    # the MLP of step 3b, with jax.vmap over the chains as against langevin's work-group per chain
    if [ "$jax_status" -eq 0 ] && ! grep -q "^JAX: skipped" "$OUT/jax.md"; then
        echo >> "$OUT/jax.md"
        timeout 300 "$python" "$here/peers/sgld_jax.py" --require-gpu --workloads mlp --chains "$mlp_chains" \
            --seconds "$seconds" --data "$here/data" --langevin-csv "$OUT/mlp.csv" --csv "$OUT/jax-mlp.csv" \
            >> "$OUT/jax.md" 2>>"$log"
        jax_status=$?
        [ "$jax_status" -eq 124 ] && echo "JAX (MLP): stopped after 300 s; the rows above are those that finished." >> "$OUT/jax.md"
    fi
fi
cat "$OUT/jax.md" >&2

# 6. the tornadovm engine, given an SDK on this machine and a bundle built with it
tornado_status=skipped
tornado_device="${LANGEVIN_TORNADOVM_DEVICE:-0}"
if [ -z "$tornadovm_home" ]; then
    echo "tornadovm: skipped (TORNADOVM_HOME is not set)." > "$OUT/tornadovm.md"
elif [ ! -f "$here/langevin-tornadovm.jar" ]; then
    echo "tornadovm: skipped (this bundle was built without it: run scripts/gpu-bundle with TORNADOVM_HOME set)." > "$OUT/tornadovm.md"
elif [ ! -f "$tornadovm_home/tornado-argfile" ]; then
    echo "tornadovm: skipped (TORNADOVM_HOME=$tornadovm_home has no tornado-argfile)." > "$OUT/tornadovm.md"
else
    note "tornadovm on its device $tornado_device ($(elapsed) s)"
    {
        echo '```'
        TORNADOVM_HOME="$tornadovm_home" "$here/langevin" devices 2>>"$log"
        echo '```'
        echo
        run_tornado_main dev.langevin.check.EquivalenceCheck --engine tornadovm --device "$tornado_device" --data "$here/data" 2>>"$log"
    } > "$OUT/tornadovm-equivalence.md"
    tornado_status=$?
    tail -n 1 "$OUT/tornadovm-equivalence.md" | tee -a "$log" >&2
    run_tornado_main dev.langevin.check.Throughput --engine tornadovm --device "$tornado_device" --probe-device "$device" \
        --chains "$chains" --launch-steps "$steps" --seconds "$seconds" --probe-mib "$probe_mib" --data "$here/data" \
        --csv "$OUT/tornadovm-throughput.csv" > "$OUT/tornadovm-throughput.md" 2>>"$log"
    tornado_throughput=$?
    cat "$OUT/tornadovm-throughput.md" >&2
    # the MLP, whose gradient takes a work-group per chain on a GPU: one execution per step, K steps per launch
    run_tornado_main dev.langevin.check.Throughput --engine tornadovm --device "$tornado_device" --probe-device "$device" \
        --workloads mlp --chains "$mlp_chains" --launch-steps 64 --seconds "$seconds" --probe-mib "$probe_mib" \
        --data "$here/data" --csv "$OUT/tornadovm-mlp.csv" > "$OUT/tornadovm-mlp.md" 2>>"$log"
    tornado_mlp=$?
    grep '^| mlp' "$OUT/tornadovm-mlp.md" >&2
    [ "$tornado_status" -eq 0 ] && tornado_status=$tornado_throughput
    [ "$tornado_status" -eq 0 ] && tornado_status=$tornado_mlp
    { cat "$OUT/tornadovm-equivalence.md"; echo; cat "$OUT/tornadovm-throughput.md"; echo; cat "$OUT/tornadovm-mlp.md"; } \
        > "$OUT/tornadovm.md"
fi

# 7. the report
status=0
[ "$equivalence_status" -eq 0 ] || status=1
[ "$throughput_status" -eq 0 ] || status=1
[ "$mlp_status" -eq 0 ] || status=1
[ "$run_status" -eq 0 ] || status=1
[ "$tornado_status" = skipped ] || [ "$tornado_status" -eq 0 ] || status=1
verdict() { [ "$1" = 0 ] && echo "passed" || echo "FAILED (status $1)"; }
{
    name=$(sed -n 's/^Device [0-9]*: \(.*\) ([^(]*, [0-9]* compute units.*/\1/p' "$OUT/throughput.md" | head -n 1)
    echo "# langevin on OpenCL device $device${name:+: $name}"
    echo
    echo "Result: $( [ "$status" -eq 0 ] && echo PASS || echo FAIL ) in $(elapsed) s. Equivalence $(verdict "$equivalence_status"); throughput $(verdict "$throughput_status"); MLP throughput $(verdict "$mlp_status"); command line run $(verdict "$run_status"); JAX: $jax_status; tornadovm: $( [ "$tornado_status" = skipped ] && echo skipped || verdict "$tornado_status")."
    echo
    echo '```'
    cat "$OUT/system.txt"
    echo "OpenCL device $device; driver: $LANGEVIN_OPENCL_NOTE"
    echo '```'
    echo
    echo "## Devices"
    echo
    echo '```'
    cat "$OUT/devices.txt"
    echo '```'
    echo
    echo "## Equivalence with the reference engine (docs/DESIGN.md contract 4)"
    echo
    cat "$OUT/equivalence.md"
    echo
    echo "## Throughput (SGLD, temperature 1, no draws kept)"
    echo
    cat "$OUT/throughput.md"
    echo
    echo "coordinate-steps/s = chains x d x steps / seconds, steady state (the difference of two run lengths, so"
    echo "compiling, starting points and transfers do not count). K = 1: one step per launch, against memory"
    echo "bandwidth (8 bytes per coordinate-step: read and write it once; the copy probe's bandwidth). K = 64:"
    echo "fused steps, against arithmetic: Philox4x32-10 costs 98 integer operations per 4 normals (24.5 per"
    echo "coordinate) and Box-Muller 48 float operations per pair (log, sqrt, sinpi and cospi at 10 each, and"
    echo "8 more; 24 per coordinate), against the INT32 and FP32 rates the probes measured; the target's"
    echo "gradient is not counted. Rows: $OUT/throughput.csv."
    echo
    echo "## The MLP on the same device"
    echo
    echo "SGLD on the digits' MLP 64-50-10 (d = 3760), per-chain minibatches of 32, one step per launch (on a GPU the"
    echo "gradient takes a work-group per chain, kernels/mlp-group.cl); examples/s = coordinate-steps/s x 32 / 3760."
    echo "The ceilings in the table are the noise's alone and say little here. Rows: $OUT/mlp.csv."
    echo
    grep '^| workload\|^|---\|^| mlp' "$OUT/mlp.md"
    echo
    echo "## JAX on the same device"
    echo
    cat "$OUT/jax.md"
    echo
    echo "## Command line"
    echo
    echo '```'
    cat "$OUT/run.txt"
    echo '```'
    echo
    echo "## The tornadovm engine"
    echo
    cat "$OUT/tornadovm.md"
} > "$OUT/gpu-report.md"
note "$OUT/gpu-report.md written; $( [ "$status" -eq 0 ] && echo PASS || echo FAIL ) in $(elapsed) s"
exit "$status"
