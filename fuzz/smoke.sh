#!/usr/bin/env bash
# Fuzz smoke run (issue 10, item 8): seeds the corpora (fuzz/seed.sh), builds the fuzz
# targets (nightly, AddressSanitizer, debug assertions and overflow checks) and runs
# every target for N seconds, one after another. Exits non-zero when a target crashed
# (a panic in dossier's code, a failed invariant, an ASan report, an input over
# the time or memory limit); the crash input is in fuzz/artifacts/<target>/ and
# `cargo +nightly fuzz tmin -a <target> <file>` minimises it.
#
#   fuzz/smoke.sh            # every target, 60 s each
#   fuzz/smoke.sh 600        # 10 minutes each
#   fuzz/smoke.sh 60 mrz pdf # some targets
#
# Needs: a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
# Environment: FUZZ_LOG_DIR (default fuzz/logs) gets one log per target; FUZZ_NICE=1
# runs under `nice -n 10`; FUZZ_SKIP_SEED=1 keeps the corpora as they are.
# The corpora grow between runs (libFuzzer adds what reaches new code); delete
# fuzz/corpus to start again from the seeds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mrz iin dates names manifest image pdf)
logs="${FUZZ_LOG_DIR:-$here/logs}"
mkdir -p "$logs"
nice=()
[ "${FUZZ_NICE:-0}" = 1 ] && nice=(nice -n 10)

# Largest input (bytes) and per-input time limit (s) of each target.
max_len() {
    case "$1" in
        iin) echo 64 ;;
        mrz | names) echo 1024 ;;
        dates) echo 4096 ;;
        manifest) echo 16384 ;;
        image) echo 131072 ;;
        pdf) echo 262144 ;;
    esac
}
timeout_of() {
    case "$1" in
        image | pdf) echo 10 ;;
        *) echo 5 ;;
    esac
}

[ "${FUZZ_SKIP_SEED:-0}" = 1 ] || "${nice[@]}" ./seed.sh "${targets[@]}"
"${nice[@]}" cargo +nightly fuzz build -a

failed=()
for t in "${targets[@]}"; do
    log="$logs/$t.log"
    echo "fuzz smoke: $t for ${secs}s (log: $log)"
    if "${nice[@]}" cargo +nightly fuzz run -a "$t" -- \
        -max_total_time="$secs" -max_len="$(max_len "$t")" -timeout="$(timeout_of "$t")" \
        -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
        # libFuzzer's last status line: executions, coverage (cov) and features (ft).
        grep -E '^#[0-9]+' "$log" | tail -1 || true
    else
        echo "fuzz smoke: $t CRASHED; see $log and fuzz/artifacts/$t/" >&2
        grep -E 'panicked at|ERROR: |SUMMARY: |Test unit written' "$log" | head -5 >&2 || true
        failed+=("$t")
    fi
done
rm -f /dev/shm/dossier-fuzz-*.bin 2>/dev/null || true
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz smoke: crashes in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz smoke: ${#targets[@]} targets, ${secs}s each, no crash"
