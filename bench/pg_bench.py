#!/usr/bin/env python3
"""PostgreSQL full-text search on the same documents, the baseline of the search benchmark.

    bench/pg_bench.py WORK_DIR DOCS_DIR QUERIES_FILE [REPS]

Installs PostgreSQL from Debian's packages when absent (apt-get, as root),
starts a private cluster under WORK_DIR on a unix socket (no TCP), loads every
`.txt` of DOCS_DIR as one row, indexes `to_tsvector('simple', unaccent(body))`
(a stored generated column with a GIN index; `unaccent` wrapped as IMMUTABLE),
then runs each query of QUERIES_FILE once to warm up and REPS times (default 20):

    SELECT id, ts_rank(tsv, q) FROM docs, plainto_tsquery('simple', f_unaccent(QUERY)) q
    WHERE tsv @@ q ORDER BY 2 DESC LIMIT 10

timed two ways: server side (planning + execution time of EXPLAIN (ANALYZE,
TIMING OFF)) and client side (psql \\timing over the unix socket). Prints the
load time, one line per query and p50 / p99 per group (with / without
diacritics). Stops the cluster at the end.
"""

import csv
import glob
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    work, docs, queries_file = (os.path.abspath(a) for a in sys.argv[1:4])
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    queries = [l.strip() for l in open(queries_file, encoding="utf-8") if l.strip() and not l.startswith("#")]
    cluster = Cluster(work)
    cluster.start()
    try:
        load_seconds, rows, megabytes = cluster.load(docs)
        print(f"postgres load+index: {rows} documents, {megabytes:.1f} MB in {load_seconds:.1f} s "
              f"({rows / load_seconds:.1f} documents/s, {megabytes / load_seconds:.2f} MB/s)")
        counts = cluster.counts(queries)
        server = cluster.server_times(queries, reps)
        client = cluster.client_times(queries, reps)
    finally:
        cluster.stop()
    print("query\thits\tserver_median_ms\tclient_median_ms")
    for query in queries:
        print(f"{query}\t{counts[query]}\t{median(server[query]):.3f}\t{median(client[query]):.3f}")
    for name, keep in (("with diacritics", True), ("without diacritics", False), ("all", None)):
        chosen = [q for q in queries if keep is None or has_marks(q) == keep]
        for how, times in (("server", server), ("client", client)):
            values = sorted(t for q in chosen for t in times[q])
            print(f"postgres {how} {name}: {len(values)} runs, p50 {pct(values, 50):.2f} ms, p99 {pct(values, 99):.2f} ms")


class Cluster:
    """A private PostgreSQL cluster under WORK_DIR, reached through a unix socket."""

    def __init__(self, work):
        self.work = work
        self.data = os.path.join(work, "data")
        self.socket = os.path.join(work, "socket")
        self.bin = postgres_bin()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *args, **kwargs):
        return subprocess.run(self.as_postgres + list(args), check=True, text=True, **kwargs)

    def start(self):
        os.makedirs(self.socket, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.work, "postgres")
            shutil.chown(self.socket, "postgres")
        if not os.path.exists(os.path.join(self.data, "PG_VERSION")):
            self.run(f"{self.bin}/initdb", "-D", self.data, "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust",
                     stdout=subprocess.DEVNULL)
        options = f"-k {self.socket} -c listen_addresses='' -c shared_buffers=256MB"
        self.run(f"{self.bin}/pg_ctl", "-D", self.data, "-l", os.path.join(self.work, "log"), "-o", options, "-w",
                 "start", stdout=subprocess.DEVNULL)

    def stop(self):
        self.run(f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", stdout=subprocess.DEVNULL)

    def psql(self, sql, database="bench"):
        command = [f"{self.bin}/psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.socket, "-d", database]
        return self.run(*command, input=sql, capture_output=True).stdout

    def load(self, docs):
        files = sorted(glob.glob(os.path.join(docs, "*.txt")))
        table = os.path.join(self.work, "docs.csv")
        with open(table, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for path in files:
                with open(path, encoding="utf-8", errors="replace") as text:
                    writer.writerow([path, unicodedata.normalize("NFC", text.read())])
        if self.as_postgres:
            shutil.chown(table, "postgres")
        megabytes = sum(os.path.getsize(f) for f in files) / 1e6
        self.psql("DROP DATABASE IF EXISTS bench; CREATE DATABASE bench;", database="postgres")
        started = time.monotonic()
        self.psql(f"""
            CREATE EXTENSION unaccent;
            CREATE FUNCTION f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
              AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
            CREATE TABLE docs (
              id serial PRIMARY KEY, path text, body text,
              tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', f_unaccent(body))) STORED);
            \\copy docs (path, body) FROM '{table}' WITH (FORMAT csv)
            CREATE INDEX docs_tsv ON docs USING gin (tsv);
            ANALYZE docs;
        """)
        return time.monotonic() - started, len(files), megabytes

    @staticmethod
    def select(query):
        return ("SELECT id, ts_rank(tsv, q) FROM docs, plainto_tsquery('simple', f_unaccent($q$" + query +
                "$q$)) q WHERE tsv @@ q ORDER BY 2 DESC LIMIT 10")

    def counts(self, queries):
        sql = "".join(f"SELECT count(*) FROM docs, plainto_tsquery('simple', f_unaccent($q${q}$q$)) q "
                      f"WHERE tsv @@ q;\n" for q in queries)
        return dict(zip(queries, (int(n) for n in self.psql(sql).split())))

    def server_times(self, queries, reps):
        script = []
        for query in queries:
            for _ in range(reps + 1):
                script.append(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {self.select(query)};\n\\echo ====\n")
        chunks = [c.strip() for c in self.psql("".join(script)).split("====") if c.strip()]
        times = {}
        for i, query in enumerate(queries):
            runs = chunks[i * (reps + 1):(i + 1) * (reps + 1)][1:]
            plans = [json.loads(run)[0] for run in runs]
            times[query] = [p["Planning Time"] + p["Execution Time"] for p in plans]
        return times

    def client_times(self, queries, reps):
        script = ["\\timing on\n"]
        for query in queries:
            script.extend(f"{self.select(query)};\n" for _ in range(reps + 1))
        lines = [l for l in self.psql("".join(script)).splitlines() if l.startswith("Time: ")]
        values = [float(l.split()[1]) for l in lines]
        return {q: values[i * (reps + 1) + 1:(i + 1) * (reps + 1)] for i, q in enumerate(queries)}


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        print("installing postgresql from Debian's packages", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(found[-1])


def has_marks(text):
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)) or "đ" in text.lower()


def median(values):
    return pct(sorted(values), 50)


def pct(values, p):
    """Nearest-rank percentile of sorted values."""
    if not values:
        return float("nan")
    rank = max(1, -(-len(values) * p // 100))
    return values[int(rank) - 1]


if __name__ == "__main__":
    main()
