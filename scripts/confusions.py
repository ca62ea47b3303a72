#!/usr/bin/env python3
"""Most frequent (gold -> hypothesis) syllable confusions over many documents.

    scripts/confusions.py GOLD_DIR_OR_FILES... -- HYP_FILES...   (paired in order)
    scripts/confusions.py --eval target/eval [ocr|stripped] [N]

Uses ../shared/tools/ser.py's alignment with difflib anchors (fast) — for
reading error classes while tuning, not for the reported figures.
"""
import sys, os, collections
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../shared/tools"))
import ser
ser.EXACT_MAX_CELLS = 2_000_000

def main():
    dump, kind = sys.argv[2], sys.argv[3]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    shared = os.path.join(os.path.dirname(__file__), "../../shared")
    conf = collections.Counter()
    for name in sorted(os.listdir(os.path.join(dump, kind))):
        case = name[:-4]
        gold = open(os.path.join(shared, "ocr-eval", case, "clean.txt")).read()
        hyp = open(os.path.join(dump, kind, name)).read()
        _, ops = ser.score(gold, hyp, False, False, True)
        conf.update((g, h) for op, g, h in ops if op != "=")
    total = sum(conf.values())
    print("errors:", total)
    for (g, h), c in conf.most_common(n):
        print(f"  {g} -> {h}\t{c}")

main()
