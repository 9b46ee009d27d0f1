#!/usr/bin/env bash
# make fuzz [SECONDS=N] [FUZZ_TARGETS="mime csv"]: builds the libFuzzer targets in Fuzz/ (with
# PEERDESK_FUZZ=1, in .build-fuzz, so the normal build never sees them), seeds each one's corpus
# from ../shared/corpora, the test fixtures and Data/demo, then runs the targets one after the
# other for N seconds each and prints one line a target. See FUZZING.md.
#
#   Scripts/fuzz.sh SECONDS [TARGET...]
#
# Corpora grow in .build-fuzz/corpus/<target>/ (seeds are copied in at every run, never committed);
# crashes, timeouts, out-of-memory and slow inputs land in .build-fuzz/artifacts/<target>/. Exits
# non-zero when a target found something.
set -uo pipefail

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mime headers csv json xml html extraction)

SWIFT=${SWIFT:-swift}
# A Swift runtime failure is reported by libFuzzer's handler: Swift's own backtracer, reading the
# crashed process's memory, gives AddressSanitizer a false stack-buffer-underflow instead.
export SWIFT_BACKTRACE=enable=no
CORPORA=${CORPORA:-../shared/corpora}
scratch=.build-fuzz
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

product() {
    case $1 in
        mime) echo FuzzMIME ;;
        headers) echo FuzzHeaders ;;
        csv) echo FuzzCSV ;;
        json) echo FuzzJSON ;;
        xml) echo FuzzXML ;;
        html) echo FuzzHTML ;;
        extraction) echo FuzzExtraction ;;
        *) return 1 ;;
    esac
}

# Longest input per target: a message or a document of some size, a header value, a text.
max_len() {
    case $1 in
        mime) echo 65536 ;;
        headers) echo 4096 ;;
        csv | json | xml) echo 16384 ;;
        html) echo 65536 ;;
        extraction) echo 16384 ;;
    esac
}

for target in "${targets[@]}"; do
    product "$target" >/dev/null || { echo "fuzz: unknown target $target (mime headers csv json xml html extraction)" >&2; exit 2; }
done

echo "fuzz: building the fuzz targets in $scratch (release, -sanitize=fuzzer,address)"
# -enable-testing: the entries reach the readers and decoders intake uses internally.
if ! PEERDESK_FUZZ=1 $SWIFT build -c release --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -g; then
    echo "fuzz: build failed" >&2
    exit 1
fi
bin=$(PEERDESK_FUZZ=1 $SWIFT build -c release --scratch-path "$scratch" --show-bin-path)

# Copies the files found under the given directories whose names match the pattern (not the
# corpora's licences, notes and expected-output JSON, unless JSON is asked for).
copy_seeds() {
    local into=$1 pattern=$2
    shift 2
    local skip='*.json'
    [ "$pattern" = '*.json' ] && skip='*.none'
    for dir in "$@"; do
        [ -d "$dir" ] || continue
        find "$dir" -type f -name "$pattern" ! -name 'COPYING' ! -name '*.md' ! -name "$skip" -print0 |
            while IFS= read -r -d '' file; do
                cp -f "$file" "$into/seed-$(printf '%s' "$file" | cksum | cut -d' ' -f1)"
            done
    done
}

# Header values (unfolded) of every corpus message, one seed each, for the header decoders.
header_seeds() {
    python3 - "$1" "$CORPORA" Tests/IntakeTests/Fixtures/mail Data/demo <<'EOF'
import hashlib, os, sys
into, dirs = sys.argv[1], sys.argv[2:]
seen = set()
for top in dirs:
    for base, _, names in os.walk(top):
        for name in names:
            if name.endswith((".json", ".md")) or name == "COPYING":
                continue
            with open(os.path.join(base, name), "rb") as f:
                head = f.read(1 << 16).replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
            for field in head.replace(b"\n ", b" ").replace(b"\n\t", b" ").split(b"\n"):
                value = field.partition(b":")[2].strip()
                if value and value not in seen and len(seen) < 5000:
                    seen.add(value)
                    with open(os.path.join(into, "seed-" + hashlib.sha1(value).hexdigest()[:16]), "wb") as out:
                        out.write(value)
EOF
}

seed() {
    local target=$1 into=$2
    local fixtures=Tests/IntakeTests/Fixtures
    case $target in
        mime | extraction) copy_seeds "$into" '*.eml' "$fixtures/mail" Data/demo/tickets Data/demo/follow-ups
            copy_seeds "$into" '*' "$CORPORA" ;;
        headers) header_seeds "$into" ;;
        csv) copy_seeds "$into" '*.csv' "$fixtures" Data/demo
            copy_seeds "$into" '*.tsv' "$fixtures" ;;
        json) copy_seeds "$into" '*.json' "$fixtures" Data/demo "$CORPORA"
            copy_seeds "$into" '*.ndjson' "$fixtures" ;;
        xml) copy_seeds "$into" '*.xml' "$fixtures" Data/demo ;;
        html) copy_seeds "$into" '*.html' "$fixtures" "$CORPORA"
            copy_seeds "$into" '*.htm' "$fixtures" "$CORPORA" ;;
    esac
    # Every regression fixture of this target is a seed too.
    copy_seeds "$into" "$target-*" "$fixtures/fuzz"
}

status=0
summary=()
for target in "${targets[@]}"; do
    name=$(product "$target")
    corpus=$scratch/corpus/$target
    artifacts=$scratch/artifacts/$target
    log=$scratch/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    seed "$target" "$corpus"
    before=$(find "$artifacts" -type f | wc -l)
    # A copy runs, so the targets can be rebuilt while one is fuzzing.
    mkdir -p "$scratch/run"
    cp -f "$bin/$name" "$scratch/run/$name"
    echo "fuzz: $target for ${seconds}s ($(find "$corpus" -type f | wc -l) corpus files, log $log)"
    # One process (libFuzzer's fork mode reloads inputs in every job, a tenth of the speed); when
    # it stops on a finding, the input is saved and a new one goes on with the time left.
    # -timeout: an input over 10 s is a hang; -report_slow_units: one over 1 s is kept as
    # slow-unit-*; -rss_limit_mb also limits a single allocation (malloc_limit_mb).
    : >"$log"
    runs=0
    stops=0
    start=$(date +%s)
    while left=$((seconds - ($(date +%s) - start))) && [ "$left" -gt 0 ]; do
        "$scratch/run/$name" "$corpus" \
            -max_len="$(max_len "$target")" -rss_limit_mb=2048 -timeout=10 -report_slow_units=1 \
            -max_total_time="$left" -print_final_stats=1 -artifact_prefix="$artifacts/" \
            >"$log.part" 2>&1
        code=$?
        cat "$log.part" >>"$log"
        done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.part" | tail -1)
        [ -n "$done_runs" ] || done_runs=$(grep -E '^#[0-9]+' "$log.part" | tail -1 | sed 's/^#\([0-9]*\).*/\1/')
        runs=$((runs + ${done_runs:-0}))
        [ "$code" -eq 0 ] && break
        stops=$((stops + 1))
        [ "$stops" -ge 20 ] && { echo "fuzz: $target stopped $stops times, giving up" >>"$log"; break; }
    done
    rm -f "$log.part"
    elapsed=$(($(date +%s) - start))
    rate=$((runs / (elapsed > 0 ? elapsed : 1)))
    found=$(($(find "$artifacts" -type f | wc -l) - before))
    line="$target: $runs executions in ${elapsed}s ($rate exec/s), $found new findings"
    if [ "$found" -gt 0 ] || [ "$stops" -gt 0 ]; then
        status=1
        line="$line ($stops stops): $(find "$artifacts" -type f -newer "$scratch/run/$name" -printf '%f ' | head -c 300)"
    fi
    echo "$line"
    summary+=("$line")
done

echo
echo "fuzz summary (${seconds}s a target):"
printf '  %s\n' "${summary[@]}"
exit $status
