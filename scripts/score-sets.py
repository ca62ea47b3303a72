#!/usr/bin/env python3
"""Scores `vanban extract` on held-out sets against their gold, with ../shared/tools/score.py.

Usage: scripts/score-sets.py [--bin target/release/vanban] [SET ...]
A SET is a folder holding NN.txt + NN.json (clean text, gold) and ocr/NN.txt
(the same document OCR'd); default: tests/heldout tests/heldout2 tests/heldout3. Prints one
line per document and input (clean text with --no-repair, OCR through repair),
then the mean F1 of each component per set and input.
"""
import argparse
import importlib.util
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMPONENTS = ["structure", "bases", "symbols", "bodies", "deadlines", "tasks", "tasks+lead"]


def load_scorer():
    path = ROOT.parent / "shared" / "tools" / "score.py"
    if not path.exists():
        sys.exit(f"skipped: {path} is absent")
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(binary, path, repair):
    args = [binary, "extract", "--format", "json", str(path)] + ([] if repair else ["--no-repair"])
    out = subprocess.run(args, capture_output=True, text=True)
    return json.loads(out.stdout) if out.returncode == 0 else {}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "vanban"))
    ap.add_argument("sets", nargs="*", default=["tests/heldout", "tests/heldout2", "tests/heldout3"])
    a = ap.parse_args()
    scorer = load_scorer()
    for folder in a.sets:
        folder = ROOT / folder
        for label, sub, repair in [("clean", "", False), ("ocr", "ocr", True)]:
            rows = []
            for gold_path in sorted(folder.glob("[0-9][0-9].json")):
                text = folder / sub / (gold_path.stem + ".txt")
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                result = scorer.score(gold, extract(a.bin, text, repair))
                rows.append(result)
                print(f"{folder.name}/{gold_path.stem} {label:5} {scorer.summary(result)}")
            if rows:
                header = sum(r["header"]["matched"] for r in rows) / sum(r["header"]["of"] for r in rows)
                means = " | ".join(f"{c} {sum(r[c]['f1'] for r in rows) / len(rows):.2f}" for c in COMPONENTS)
                print(f"MEAN {folder.name} {label:5} header {header:.2f} | {means}\n")


if __name__ == "__main__":
    main()
