#!/usr/bin/env python3
"""Consistency check of the held-out gold (tests/heldout/NN.json) against its text.

Usage: check_gold.py [NN ...]        (default: every NN.txt with an NN.json here)

This is an independent line parser written for these eight texts only (one
paragraph per line): it finds Phần (part, the attached Quy định of a
Quyết định), Roman sections (Kế hoạch), Chương, Điều, khoản and điểm, and
gives every body line its unit. It then checks that
  - the text is NFC and has no empty line;
  - gold "structure" equals the units found in the text;
  - every deadline "text" occurs inside the lines of its own unit (loc);
  - every task loc is a unit of the text and a task's deadline has the same loc;
  - every document symbol in the text is in "directive_numbers" and back;
  - the number of "Căn cứ" bases equals len(legal_bases);
and prints the counts (words, Điều, khoản, điểm, deadlines, tasks).
It is not the project's parser and shares no code with it.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

ROMAN = r"[IVX]+"
SYMBOL_RE = re.compile(
    r"\b\d+/\d{4}/[A-ZĐ]+-[A-ZĐ]+\b"          # 15/2026/QĐ-UBND, 137/2025/NĐ-CP
    r"|\b\d+/[A-ZĐ][A-Za-zĐđ]*-[A-ZĐ]+\b"      # 1460/QĐ-UBND, 412/TTr-VP
    r"|\b\d+-[A-ZĐa-zđ]+/[A-ZĐ]+\b"            # 14-QC/TU, 07-QĐ/UBKTTU, 38-TB/ĐU
)


def parse(lines, has_parts):
    """Return (units, line_locs). line_locs[i] is the loc of line i or None."""
    part = 1 if has_parts else None
    chapter = section = article = clause = point = None
    in_body = False
    units = []  # ordered list of dicts like gold structure entries
    locs = [None] * len(lines)
    cur_entry = None

    def new_entry(art, title):
        nonlocal cur_entry
        e = {}
        if has_parts:
            e["part"] = part
        if section is not None:
            e["section"] = section
        e["chapter"] = chapter
        e["article"] = art
        e["title"] = title
        e["clauses"] = []
        units.append(e)
        cur_entry = e

    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("Nơi nhận"):
            in_body = False
            continue
        if has_parts and s == "QUY ĐỊNH" and part == 1 and article is not None:
            part = 2
            chapter = section = article = clause = point = None
            cur_entry = None
            continue
        m = re.match(rf"^Chương ({ROMAN})$", s)
        if m:
            in_body = True
            chapter = m.group(1)
            continue
        m = re.match(r"^Điều (\d+)\. (.+)$", s)
        if m:
            in_body = True
            article = int(m.group(1))
            clause = point = None
            heading = m.group(2).strip()
            # "Điều 2. Quyết định này có hiệu lực ..." is content, not a heading
            new_entry(article, None if heading.endswith(".") else heading)
            locs[i] = (part, section, article, None, None)
            continue
        m = re.match(rf"^({ROMAN})\. (.+)$", s)
        if m and article is None:
            in_body = True
            section = m.group(1)
            clause = point = None
            new_entry(None, m.group(2).strip())
            locs[i] = (part, section, None, None, None)
            continue
        if not in_body and re.match(r"^1\. ", s) and article is None:
            in_body = True  # Chỉ thị, Thông báo: numbered paragraphs only
        if not in_body:
            continue
        m = re.match(r"^(\d+)\. ", s)
        if m:
            if cur_entry is None:  # numbered paragraphs without Điều (Chỉ thị, Thông báo)
                new_entry(None, None)
            clause = int(m.group(1))
            point = None
            cur_entry["clauses"].append({"clause": clause, "points": []})
            locs[i] = (part, section, article, clause, None)
            continue
        m = re.match(r"^([a-zđ])\) ", s)
        if m and cur_entry is not None and cur_entry["clauses"]:
            point = m.group(1)
            cur_entry["clauses"][-1]["points"].append(point)
            locs[i] = (part, section, article, clause, point)
            continue
        if cur_entry is not None:
            locs[i] = (part, section, article, clause, point)
    return units, locs


def loc_tuple(loc):
    return (loc.get("part"), loc.get("section"), loc.get("article"), loc.get("clause"), loc.get("point"))


def check(nn):
    txt_path = os.path.join(HERE, f"{nn}.txt")
    gold = json.load(open(os.path.join(HERE, f"{nn}.json"), encoding="utf-8"))
    raw = open(txt_path, encoding="utf-8").read()
    errors = []
    if unicodedata.normalize("NFC", raw) != raw:
        errors.append("text is not NFC")
    lines = raw.rstrip("\n").split("\n")
    if any(not l.strip() for l in lines):
        errors.append("empty line in text")
    has_parts = any("part" in a for a in gold["structure"])
    units, locs = parse(lines, has_parts)
    if units != gold["structure"]:
        errors.append("structure differs from the text:\n  gold " + json.dumps(gold["structure"], ensure_ascii=False)
                      + "\n  text " + json.dumps(units, ensure_ascii=False))
    unit_text = {}
    for l, loc in zip(lines, locs):
        if loc is not None:
            unit_text.setdefault(loc, []).append(l)
    valid = set(unit_text)
    for k, d in enumerate(gold["deadlines"]):
        key = loc_tuple(d["loc"])
        body = " ".join(unit_text.get(key, []))
        if d["text"] not in body:
            errors.append(f"deadline {k} text not in its unit {key}: {d['text']!r}")
        if d["kind"] not in ("relative", "absolute", "recurring"):
            errors.append(f"deadline {k} kind {d['kind']}")
    for k, t in enumerate(gold["tasks"]):
        key = loc_tuple(t["loc"])
        if key not in valid:
            errors.append(f"task {k} loc {key} is not a unit with text")
        if t["deadline"] is not None:
            dl = gold["deadlines"][t["deadline"]]
            if loc_tuple(dl["loc"]) != key:
                errors.append(f"task {k} deadline {t['deadline']} has another loc")
        if not t["lead"]:
            errors.append(f"task {k} has no lead")
    body_text = "\n".join(lines)
    found = {m.group(0).upper() for m in SYMBOL_RE.finditer(body_text)}
    gold_syms = {s.upper() for s in gold["directive_numbers"]}
    if found != gold_syms:
        errors.append(f"symbols: text-only {sorted(found - gold_syms)}, gold-only {sorted(gold_syms - found)}")
    if len(gold["directive_numbers"]) != len(set(gold["directive_numbers"])):
        errors.append("duplicate directive number")
    if len(gold["bodies"]) != len(set(gold["bodies"])):
        errors.append("duplicate body")
    n_bases = 0
    for l in lines:
        s = l.strip().lstrip("- ")
        if s.startswith("Căn cứ"):
            n_bases += len([p for p in s.rstrip(";,.").split(";") if p.strip()])
    if n_bases != len(gold["legal_bases"]):
        errors.append(f"{n_bases} bases in text, {len(gold['legal_bases'])} in gold")
    n_art = sum(1 for u in units if u["article"] is not None)
    n_cl = sum(len(u["clauses"]) for u in units)
    n_pt = sum(len(c["points"]) for u in units for c in u["clauses"])
    words = len(raw.split())
    print(f"{nn}: {words} words, {n_art} Điều, {n_cl} khoản, {n_pt} điểm, "
          f"{len(gold['deadlines'])} deadlines, {len(gold['tasks'])} tasks, "
          f"{len(gold['bodies'])} bodies, {len(gold['directive_numbers'])} symbols, "
          f"{len(gold['legal_bases'])} bases")
    for e in errors:
        print("  ERROR", e)
    return not errors


def main():
    nns = sys.argv[1:] or sorted(f[:-5] for f in os.listdir(HERE) if re.fullmatch(r"\d\d\.json", f))
    ok = all([check(nn) for nn in nns])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
