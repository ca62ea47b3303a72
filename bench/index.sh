#!/usr/bin/env bash
# The index benchmark: ingest throughput and peak memory, and search latency
# side by side with PostgreSQL full-text search on the same documents.
#
#   bench/index.sh          # re-runnable; the summary ends up in target/bench/summary.md
#
# Environment: BENCH_RUNS   ingest runs per set, median quoted (default 3)
#              BENCH_REPS   timed repetitions of each query (default 20)
#              INGEST_FLAGS extra flags for `vanban ingest` (e.g. --no-repair)
#
# Sets: ../shared/corpus-ext/docs (447 clean documents, 35 MB) and 20 of
# them OCR'd by ../shared/tools/ocr-garble (bench/ocr-set.sh, cached under
# target/bench/ocr), ingested as text and as PDF. Each ingest starts from an
# empty index and is timed as a whole process by /usr/bin/time (wall, peak RSS).
#
# Search: the 56 queries of bench/queries.txt (28 with diacritics, the same 28
# without), top 10 documents, on the corpus-ext index:
#   - vanban in-process: benches/search_latency.rs times each VanbanIndex::search
#     call (parse, search, top 10, facets, highlighted snippets), index open;
#   - vanban CLI: each `vanban search` as a whole process (start, open, search, print);
#   - PostgreSQL (bench/pg_bench.py): tsvector of unaccent(body), GIN index,
#     plainto_tsquery + ts_rank top 10; server time (planning + execution of
#     EXPLAIN ANALYZE) and client time (psql \timing on a unix socket).
# The fair pair is vanban in-process vs PostgreSQL server time: both measure
# the query's execution for the same strings, without process start or IPC.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/target/bench
shared=$(cd "$root/../shared" 2>/dev/null && pwd || echo /work/shared)
runs=${BENCH_RUNS:-3}
INGEST_FLAGS=${INGEST_FLAGS:-}
reps=${BENCH_REPS:-20}
mkdir -p "$out"
summary=$out/summary.md

echo "building (release)" >&2
cargo build --release --quiet
cargo bench --bench search_latency --no-run --quiet 2>/dev/null
bin=$root/target/release/vanban

echo "OCR'd set (cached)" >&2
bench/ocr-set.sh "$out/ocr" 20 >/dev/null

# ingest_set NAME DIR: median wall of $runs fresh ingests, peak RSS, throughput.
ingest_set() {
  local name=$1 dir=$2 walls=() rss=0 docs bytes
  bytes=$(find "$dir" -type f \( -name '*.txt' -o -name '*.pdf' \) -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  for run in $(seq "$runs"); do
    rm -rf "$out/index-$name"
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o "$out/time-$name" "$bin" ingest "$dir" --index "$out/index-$name" $INGEST_FLAGS \
      >"$out/ingest-$name.out" 2>"$out/ingest-$name.err" || true
    read -r wall kb <"$out/time-$name"
    walls+=("$wall")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  docs=$(grep -o '[0-9]* added' "$out/ingest-$name.out" | head -1 | cut -d' ' -f1)
  local wall
  wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  awk -v n="$name" -v d="$docs" -v b="$bytes" -v w="$wall" -v r="$rss" -v all="${walls[*]}" 'BEGIN {
    printf "| ingest %s | %d docs, %.1f MB | %.2f s (runs: %s) | %.1f docs/s | %.2f MB/s | %.0f MB |\n",
      n, d, b / 1e6, w, all, d / w, b / 1e6 / w, r / 1024 }'
}

{
  echo "# Index benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  echo
  echo "Ingest: \`vanban ingest DIR $INGEST_FLAGS\` into an empty index, median of $runs runs, peak RSS the largest."
  echo
  echo "| set | input | wall | documents/s | MB/s | peak RSS |"
  echo "|---|---|---|---|---|---|"
  ingest_set corpus-ext "$shared/corpus-ext/docs"
  ingest_set ocr-txt "$out/ocr/txt"
  ingest_set ocr-pdf "$out/ocr/pdf"
} >"$summary.tmp"

echo "search: vanban in-process" >&2
cargo bench --quiet --bench search_latency -- "$out/index-corpus-ext" bench/queries.txt "$reps" >"$out/search-vanban.tsv"

echo "search: vanban CLI processes" >&2
grep -v '^#' bench/queries.txt | grep -v '^$' | while read -r query; do
  "$bin" search "$query" --index "$out/index-corpus-ext" --kind document >/dev/null
  start=$(date +%s%N)
  "$bin" search "$query" --index "$out/index-corpus-ext" --kind document >/dev/null
  end=$(date +%s%N)
  marks=$(printf '%s' "$query" | python3 -c 'import sys, unicodedata as u; t = sys.stdin.read(); print(int(u.normalize("NFD", t) != t or "đ" in t.lower()))')
  echo "$marks $(( (end - start) / 1000 ))"
done >"$out/search-cli.txt"

echo "search: postgresql" >&2
python3 bench/pg_bench.py "$out/pg" "$shared/corpus-ext/docs" bench/queries.txt "$reps" >"$out/search-pg.tsv"

# percentiles FILE MARKS: p50 and p99 (ms) of the CLI timings with (1) or without (0) diacritics.
cli_percentiles() {
  awk -v m="$2" '$1 == m || m == "all" { print $2 / 1000 }' "$1" | sort -g |
    awk '{ a[NR] = $1 } END { p = int(NR * 0.5 + 0.999); q = int(NR * 0.99 + 0.999); printf "%.2f %.2f", a[p], a[q] }'
}
figure() { grep "^$1" "$2" | sed -E 's/.*p50 ([0-9.]+) ms, p99 ([0-9.]+) ms/\1 \2/'; }

{
  grep '^postgres load' "$out/search-pg.tsv" | sed 's/^postgres/PostgreSQL/; s/$/ (same corpus-ext files: COPY, generated tsvector, GIN index, ANALYZE)./'
  echo
  echo "Search latency over ${reps} runs of each query (top 10 documents), ms:"
  echo
  echo "| queries | vanban in-process p50 / p99 | PostgreSQL server p50 / p99 | ratio PG/vanban (p50) | vanban CLI process p50 / p99 | psql client p50 / p99 |"
  echo "|---|---|---|---|---|---|"
  for group in "with diacritics:1" "without diacritics:0" "all:all"; do
    name=${group%%:*}; marks=${group##*:}
    read -r v50 v99 <<<"$(figure "vanban $name" "$out/search-vanban.tsv")"
    read -r s50 s99 <<<"$(figure "postgres server $name" "$out/search-pg.tsv")"
    read -r c50 c99 <<<"$(figure "postgres client $name" "$out/search-pg.tsv")"
    read -r l50 l99 <<<"$(cli_percentiles "$out/search-cli.txt" "$marks")"
    awk -v n="$name" -v v50="$v50" -v v99="$v99" -v s50="$s50" -v s99="$s99" -v c50="$c50" -v c99="$c99" \
      -v l50="$l50" -v l99="$l99" 'BEGIN {
      printf "| %s | %.2f / %.2f | %.2f / %.2f | %.1f× | %.1f / %.1f | %.2f / %.2f |\n",
        n, v50, v99, s50, s99, s50 / v50, l50, l99, c50, c99 }'
  done
  echo
  echo "Per-query medians: target/bench/search-vanban.tsv, target/bench/search-pg.tsv."
} >>"$summary.tmp"
mv "$summary.tmp" "$summary"
cat "$summary"
