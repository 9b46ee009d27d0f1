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
    # -fork=1 with -ignore_*: a crash, hang or out-of-memory input is saved and fuzzing goes on
    # for the whole time. -timeout: an input over 10 s is a hang; -report_slow_units: one over
    # 1 s is kept as slow-unit-*; -rss_limit_mb also limits a single allocation (malloc_limit_mb).
    "$scratch/run/$name" "$corpus" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_len="$(max_len "$target")" -rss_limit_mb=2048 -timeout=10 -report_slow_units=1 \
        -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" \
        >"$log" 2>&1
    # The parent's status lines: "#<runs>: cov: … time: <seconds>s job: …".
    last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
    runs=$(printf '%s' "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
    elapsed=$(sed -n 's/^INFO: fuzzed for \([0-9]*\) seconds.*/\1/p' "$log" | tail -1)
    [ -n "$elapsed" ] || elapsed=$(printf '%s' "$last" | sed -n 's/.* time: \([0-9]*\)s.*/\1/p')
    [ -n "$runs" ] || runs=0
    [ -n "$elapsed" ] || elapsed=0
    rate=$((runs / (elapsed > 0 ? elapsed : 1)))
    found=$(($(find "$artifacts" -type f | wc -l) - before))
    counts=$(printf '%s' "$last" | sed -n 's/.*oom\/timeout\/crash: \([0-9/]*\).*/\1/p')
    line="$target: $runs executions in ${elapsed}s ($rate exec/s), $found new findings (oom/timeout/crash ${counts:-?})"
    if ! grep -q '^INFO: fuzzed for' "$log"; then
        line="$line, stopped early: $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|deadly signal' "$log")"
        status=1
    elif [ "$found" -gt 0 ]; then
        line="$line: $(find "$artifacts" -type f -newer "$scratch/run/$name" -printf '%f ' | head -c 300)"
        status=1
    fi
    echo "$line"
    summary+=("$line")
done

echo
echo "fuzz summary (${seconds}s a target):"
printf '  %s\n' "${summary[@]}"
exit $status
