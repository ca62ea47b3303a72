#!/usr/bin/env bash
# The repair's figures with the reference scorer: builds in release, runs
# `vanban bench` (its own SER count, load time, throughput) with the
# repaired texts dumped into target/eval, scores them again with
# ../shared/tools/ser.py --fold-tone-placement (slow on the ocr-eval texts:
# whole-document alignment) and reports peak memory of a repair run.
#
#   scripts/eval-repair.sh [SHARED]          (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${1:-../shared}
OUT=target/eval
cargo build --release -q
./target/release/vanban bench --shared "$SHARED" --dump "$OUT" --rounds 2 | grep -v '^  '
ser() { python3 "$SHARED/tools/ser.py" "$1" "$2" --fold-tone-placement --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["all"]["ser"])'; }
echo "ser.py seed 001 raw OCR: $(ser "$SHARED/dev/001.txt" "$OUT/001.txt")"
export -f ser; export SHARED OUT
for kind in ocr stripped; do
  ls "$OUT/$kind" | sed 's/\.txt$//' \
    | xargs -P 2 -I{} bash -c 'echo "$(ser "$SHARED/ocr-eval/{}/clean.txt" "$OUT/'"$kind"'/{}.txt")"' \
    | awk -v k="$kind" '{s+=$1; n++} END {printf "ser.py ocr-eval %s (mean of %d): %.4f\n", k, n, s/n}'
done
cat "$SHARED"/ocr-eval/*/ocr.txt > "$OUT/all-ocr.txt"
/usr/bin/time -v ./target/release/vanban repair "$OUT/all-ocr.txt" 2>&1 >/dev/null \
  | grep -E 'Maximum resident|Elapsed' | sed 's/^\s*/repair of all ocr-eval OCR as one file: /'
