#!/usr/bin/env python3
"""Consistency check of a held-out set's gold (NN.json) against its text (NN.txt).

Written with the held-out sets (heldout3's checker, grown from heldout2's);
it shares no code with vanban. Its small line parser knows the layouts used here:
  Chương N / [Mục N] / Điều N. / 1. / a)   (Quy định, Quy chế, Quyết định)
  I. / 1. / a)                             (Hướng dẫn, Kế hoạch with Roman sections)
  1. / a) / - ...                          (Chỉ thị, Thông báo kết luận: no Điều, no sections)
A body part ends at the line that starts with "Nơi nhận" or at a signature
block (TM. / T/M / KT. / K/T / T/L). A line "(Ban hành kèm theo ..." starts a
new part (a Quy chế attached to a Quyết định): then every structure entry and
every loc carries "part" (1 = the Quyết định, 2 = the attached text).

Checks, per document:
  - the text is NFC, has no empty line and no trailing blanks;
  - `structure` equals the units found in the text (with titles);
  - every deadline `text` occurs inside the text of its own unit, absolute
    dates written d/m/yyyy in the text equal the value;
  - every task `loc` is a unit of the text, its `deadline` index points to a
    deadline with the same loc, and every named (capitalised) lead/support is
    in `bodies`;
  - the symbols found in the text equal `directive_numbers`;
  - the number of `Căn cứ` bases (split at ';') equals len(legal_bases);
  - document.number / date / place / signer come from the header and signature.

Usage: python3 tests/check_gold.py FOLDER [NN ...]   (FOLDER: tests/heldout2 or tests/heldout3)
"""
import json
import os
import re
import sys
import unicodedata

POINTS = "abcdđeghiklmn"

RE_CHAPTER = re.compile(r"^Chương ([IVXLC]+)$")
RE_ARTICLE = re.compile(r"^Điều (\d+)\.\s*(.*)$")
RE_SECTION = re.compile(r"^([IVX]+)\. (.+)$")
RE_MUC = re.compile(r"^Mục (\d+)$")
SIG_START = ("TM. ", "T/M ", "KT. ", "K/T ", "T/L ")
RE_CLAUSE = re.compile(r"^(\d+)\. (.+)$")
RE_POINT = re.compile(r"^([a-zđ])\) (.+)$")
RE_PARTY_SYM = re.compile(r"\b(\d+)-([A-Za-zĐđ]+)/([A-Za-zĐđ]+)\b")
RE_STATE_SYM = re.compile(r"\b(\d+)/(?:(\d{4})/)?([A-Za-zĐđ]+)-([A-Za-zĐđ]+)\b")


def body_lines(lines):
    """(part, line) for the lines of the body parts (no Nơi nhận, no signature)."""
    out, part, inside = [], 1, True
    for ln in lines:
        if ln.startswith("(Ban hành kèm theo"):
            part, inside = part + 1, True
            out.append((part, None))          # marker: a new part starts
            continue
        if ln.startswith("Nơi nhận") or ln.startswith(SIG_START):
            inside = False
            continue
        if inside:
            out.append((part, ln))
    return out, part


def parse(lines):
    """Return (kind, units, texts, titles, chapters, flags).

    units: ordered list of unit keys (part, section, article, clause, point);
    section is the Roman mục of a section document or the Mục N of an
    article document. texts: dict key -> lines belonging to that unit itself.
    """
    body, nparts = body_lines(lines)
    plain = [ln for _, ln in body if ln is not None]
    has_article = any(RE_ARTICLE.match(ln) for ln in plain)
    has_section = (not has_article) and any(RE_SECTION.match(ln) for ln in plain)
    has_muc = any(RE_MUC.match(ln) for ln in plain)
    kind = "article" if has_article else ("section" if has_section else "flat")
    flags = {"part": nparts > 1, "muc": has_muc}

    units, texts, titles, chapters = [], {}, {}, {}
    cur = None
    part, sec, art, cl = 1, None, None, None
    chapter = None
    skip_next = False
    started = False
    for p, ln in body:
        if ln is None:
            part, sec, art, cl, chapter, cur, started = p, None, None, None, None, None, False
            continue
        if skip_next:  # the title line under "Chương N" / "Mục N"
            skip_next = False
            continue
        m = RE_CHAPTER.match(ln)
        if m and kind == "article":
            chapter, sec = m.group(1), None
            skip_next = True
            cur = None
            continue
        m = RE_MUC.match(ln)
        if m and kind == "article":
            sec = int(m.group(1))
            skip_next = True
            cur = None
            continue
        m = RE_ARTICLE.match(ln)
        if m and kind == "article":
            art, cl, started = int(m.group(1)), None, True
            rest = m.group(2).strip()
            cur = (part, sec, art, None, None)
            titles[cur] = None if (not rest or rest[-1] in ".:;") else rest
            chapters[cur] = chapter
            units.append(cur)
            texts[cur] = [ln]
            continue
        m = RE_SECTION.match(ln)
        if m and kind == "section":
            sec, cl, started = m.group(1), None, True
            cur = (part, sec, None, None, None)
            titles[cur] = m.group(2).strip()
            units.append(cur)
            texts[cur] = [ln]
            continue
        m = RE_CLAUSE.match(ln)
        if m and (started or kind == "flat"):
            started = True
            cl = int(m.group(1))
            cur = (part, sec, art, cl, None)
            units.append(cur)
            texts[cur] = [ln]
            continue
        m = RE_POINT.match(ln)
        if m and started and cl is not None:
            cur = (part, sec, art, cl, m.group(1))
            units.append(cur)
            texts[cur] = [ln]
            continue
        if cur is not None:
            texts[cur].append(ln)
    return kind, units, texts, titles, chapters, flags


def structure_of(kind, units, titles, chapters, flags):
    out = []
    if kind == "flat":
        entry = {"chapter": None, "article": None, "title": None, "clauses": []}
        for (_, s, a, c, p) in units:
            if p is None:
                entry["clauses"].append({"clause": c, "points": []})
            else:
                entry["clauses"][-1]["points"].append(p)
        return [entry]
    for key in units:
        part, s, a, c, p = key
        if c is None:
            if kind == "section":
                e = {"section": s, "chapter": None, "article": None,
                     "title": titles[key], "clauses": []}
            else:
                e = {"chapter": chapters[key], "article": a,
                     "title": titles[key], "clauses": []}
                if flags["muc"]:
                    e["section"] = s
            if flags["part"]:
                e["part"] = part
            out.append(e)
        elif p is None:
            out[-1]["clauses"].append({"clause": c, "points": []})
        else:
            out[-1]["clauses"][-1]["points"].append(p)
    return out


def loc_key(loc):
    return (loc.get("part", 1), loc.get("section"), loc.get("article"), loc.get("clause"), loc.get("point"))


def loc_shape_ok(loc, kind, flags):
    keys = set(loc)
    want = {"article", "clause", "point"}
    if kind == "section" or flags["muc"]:
        want.add("section")
    if flags["part"]:
        want.add("part")
    return keys == want


def symbols_in(text):
    found = set()
    for m in RE_PARTY_SYM.finditer(text):
        found.add(f"{m.group(1)}-{m.group(2)}/{m.group(3)}".upper())
    for m in RE_STATE_SYM.finditer(text):
        mid = f"{m.group(2)}/" if m.group(2) else ""
        found.add(f"{m.group(1)}/{mid}{m.group(3)}-{m.group(4)}".upper())
    return found


def check(folder, nn):
    errors = []
    txt = open(os.path.join(folder, f"{nn}.txt"), encoding="utf-8").read()
    gold = json.load(open(os.path.join(folder, f"{nn}.json"), encoding="utf-8"))
    if unicodedata.normalize("NFC", txt) != txt:
        errors.append("text is not NFC")
    lines = txt.rstrip("\n").split("\n")
    for i, ln in enumerate(lines, 1):
        if not ln.strip():
            errors.append(f"empty line {i}")
        if ln != ln.strip():
            errors.append(f"leading/trailing blank on line {i}")

    kind, units, texts, titles, chapters, flags = parse(lines)
    st = structure_of(kind, units, titles, chapters, flags)
    if st != gold["structure"]:
        errors.append("structure differs from the text:\n  text: %s\n  gold: %s" % (
            json.dumps(st, ensure_ascii=False), json.dumps(gold["structure"], ensure_ascii=False)))
    unitset = set(units)
    joined = {k: " ".join(v) for k, v in texts.items()}

    dls = gold["deadlines"]
    for i, d in enumerate(dls):
        k = loc_key(d["loc"])
        if not loc_shape_ok(d["loc"], kind, flags):
            errors.append(f"deadline {i}: loc keys {sorted(d['loc'])}")
        if k not in unitset:
            errors.append(f"deadline {i}: loc {k} is not a unit")
            continue
        if d["text"] not in joined[k]:
            errors.append(f"deadline {i}: text {d['text']!r} not in unit {k}")
        kind_ = d["kind"]
        v = d["value"]
        if kind_ == "absolute":
            if set(v) not in ({"date"}, {"month_day"}):
                errors.append(f"deadline {i}: bad absolute value {v}")
            m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", d["text"])
            mds = re.findall(r"ngày (\d{1,2})(?: tháng |/)(\d{1,2})(?![\d/])", d["text"])
            md = mds[-1] if mds else None   # a period: its last day
            if "month_day" in v:
                if not md:
                    errors.append(f"deadline {i}: month_day without 'ngày D tháng M' or 'ngày D/M' in text")
                elif f"{int(md[1]):02d}-{int(md[0]):02d}" != v["month_day"]:
                    errors.append(f"deadline {i}: {d['text']!r} != {v['month_day']}")
            if m and "date" in v:
                iso = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
                if "đến ngày" not in d["text"] and iso != v["date"]:
                    errors.append(f"deadline {i}: {d['text']!r} != {v['date']}")
                if "đến ngày" in d["text"]:
                    m2 = re.findall(r"(\d{1,2})/(\d{1,2})/(\d{4})", d["text"])[-1]
                    iso2 = f"{int(m2[2]):04d}-{int(m2[1]):02d}-{int(m2[0]):02d}"
                    if iso2 != v["date"]:
                        errors.append(f"deadline {i}: end of {d['text']!r} != {v['date']}")
        elif kind_ == "relative":
            if set(v) != {"amount", "unit", "from"} or v["unit"] not in ("working_day", "day", "hour", "month"):
                errors.append(f"deadline {i}: bad relative value {v}")
        elif kind_ == "recurring":
            if set(v) != {"freq", "day", "time"} or v["freq"] not in (
                    "weekly", "monthly", "quarterly", "half_yearly", "yearly", "periodic"):
                errors.append(f"deadline {i}: bad recurring value {v}")
        else:
            errors.append(f"deadline {i}: bad kind {kind_}")

    bodies = set(gold["bodies"])
    if len(bodies) != len(gold["bodies"]):
        errors.append("duplicate body")
    for i, t in enumerate(gold["tasks"]):
        k = loc_key(t["loc"])
        if not loc_shape_ok(t["loc"], kind, flags):
            errors.append(f"task {i}: loc keys {sorted(t['loc'])}")
        if k not in unitset:
            errors.append(f"task {i}: loc {k} is not a unit")
        if t["deadline"] is not None:
            j = t["deadline"]
            if not (0 <= j < len(dls)) or loc_key(dls[j]["loc"]) != k:
                errors.append(f"task {i}: deadline {j} is not in the same unit")
        if not t["lead"]:
            errors.append(f"task {i}: no lead")
        for name in t["lead"] + t["support"]:
            if name[:1].isupper() and name not in bodies:
                errors.append(f"task {i}: {name!r} not in bodies")

    syms = symbols_in("\n".join(ln for _, ln in body_lines(lines)[0] if ln) + "\n" + "\n".join(lines[:6]))
    gsyms = set(gold["directive_numbers"])
    if syms != gsyms:
        errors.append(f"symbols: text {sorted(syms)} vs gold {sorted(gsyms)}")
    if len(gsyms) != len(gold["directive_numbers"]):
        errors.append("duplicate symbol")

    nbases = 0
    for ln in lines:
        s = ln.lstrip("- ").strip()
        if s.startswith("Căn cứ"):
            nbases += len([p for p in s.split(";") if p.strip(" ,.")])
    if nbases != len(gold["legal_bases"]):
        errors.append(f"bases: {nbases} in text, {len(gold['legal_bases'])} in gold")

    doc = gold["document"]
    head = "\n".join(lines[:6])
    if doc["number"] not in head:
        errors.append(f"number {doc['number']} not in header")
    m = re.search(r"(\S[^,\n]*?), ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", head)
    if not m:
        errors.append("no place/date line")
    else:
        iso = f"{m.group(4)}-{int(m.group(3)):02d}-{int(m.group(2)):02d}"
        if iso != doc["date"]:
            errors.append(f"date {doc['date']} vs header {iso}")
        if not m.group(1).endswith(doc["place"]):
            errors.append(f"place {doc['place']!r} vs header {m.group(1)!r}")
    if lines[-1] != doc["signer"]:
        errors.append(f"signer {doc['signer']!r} vs last line {lines[-1]!r}")
    if lines[-2].lower() != doc["signer_title"].lower():
        errors.append(f"signer_title {doc['signer_title']!r} vs {lines[-2]!r}")

    counts = {
        "articles": sum(1 for u in units if u[2] is not None and u[3] is None),
        "sections": len({(u[0], u[1]) for u in units if u[1] is not None}),
        "clauses": sum(1 for u in units if u[3] is not None and u[4] is None),
        "points": sum(1 for u in units if u[4] is not None),
    }
    return errors, counts, kind


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    nns = sys.argv[2:] or sorted(f[:-5] for f in os.listdir(folder) if re.fullmatch(r"\d\d\.json", f))
    bad = 0
    for nn in nns:
        errors, counts, kind = check(folder, nn)
        gold = json.load(open(os.path.join(folder, f"{nn}.json"), encoding="utf-8"))
        dk = [d["kind"] for d in gold["deadlines"]]
        summary = (f"{nn}: {kind:7s} Điều {counts['articles']:2d}  mục {counts['sections']}  "
                   f"khoản {counts['clauses']:2d}  điểm {counts['points']:2d}  "
                   f"deadlines {len(dk):2d} ({dk.count('absolute')}/{dk.count('relative')}/{dk.count('recurring')})  "
                   f"tasks {len(gold['tasks']):2d}  bodies {len(gold['bodies']):2d}  "
                   f"bases {len(gold['legal_bases'])}  symbols {len(gold['directive_numbers'])}")
        print(("OK   " if not errors else "FAIL ") + summary)
        for e in errors:
            print("     - " + e)
        bad += bool(errors)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
