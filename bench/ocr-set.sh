#!/usr/bin/env bash
# Makes (once, cached) the OCR'd benchmark set: COUNT clean documents of
# ../shared/corpus-ext of 4 000–12 000 characters (2–4 pages), in file order,
# rendered, scanned and OCR'd with the English model by
# ../shared/tools/ocr-garble. Writes OUT/pdf/NAME.pdf (image PDF with the OCR
# text layer) and OUT/txt/NAME.txt (the OCR text).
#
#   bench/ocr-set.sh OUT [COUNT]
set -euo pipefail
out=${1:?usage: bench/ocr-set.sh OUT [COUNT]}
count=${2:-20}
shared=$(cd "$(dirname "$0")/../../shared" 2>/dev/null && pwd || echo /work/shared)
ext=$shared/corpus-ext
garble=$shared/tools/ocr-garble
mkdir -p "$out/work" "$out/pdf" "$out/txt"
awk -F'\t' 'NR > 1 && $7 >= 4000 && $7 <= 12000 { print $1 }' "$ext/index.tsv" | head -n "$count" |
while read -r file; do
  name=$(basename "$file" .txt)
  if [ ! -s "$out/pdf/$name.pdf" ]; then
    echo "ocr-garble $file" >&2
    "$garble" --seed 1 "$ext/$file" "$out/work/$name" >/dev/null
    cp "$out/work/$name/ocr.pdf" "$out/pdf/$name.pdf"
    cp "$out/work/$name/ocr.txt" "$out/txt/$name.txt"
  fi
done
ls "$out/pdf" | wc -l
