#!/usr/bin/env bash
# Extra clean/OCR pairs for the repair's channel model, made with
# ../shared/tools/ocr-garble from the Party-genre corpus (the genre of our
# users, whose words — Thành ủy, Đảng, dân vận — the state-law pairs of
# ../shared/ocr-train rarely show) at fonts and noise levels that the
# training pairs lack (TeX Gyre Termes reads ủ as G; noise 4 is seed-003-like).
# Deterministic; the output is derived from the texts and stays out of git.
#
#   scripts/make-ocr-pairs.sh [SHARED] [OUT]     (default ../shared target/ocr-pairs)
#   vanban dict build --extra-pairs target/ocr-pairs
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${1:-../shared}
OUT=${2:-target/ocr-pairs}
GARBLE="$SHARED/tools/ocr-garble"
settings=(
  "termes --font termes --noise 2 --seed 11"
  "noisy --noise 4 --seed 13"
)
inputs=("$SHARED"/corpus-party/docs/*.txt "$SHARED/dev/002.txt")
for setting in "${settings[@]}"; do
  read -r name options <<<"$setting"
  for input in "${inputs[@]}"; do
    base=$(basename "$input" .txt)
    dir="$OUT/$name-$base"
    [ -s "$dir/ocr.txt" ] && continue
    # shellcheck disable=SC2086
    "$GARBLE" --jobs 1 $options "$input" "$dir" >/dev/null 2>&1 || echo "failed: $dir" >&2
    rm -f "$dir/ocr.pdf"
  done
done
echo "pairs in $OUT: $(ls "$OUT" | wc -l)"
