#!/usr/bin/env python3
"""Writes expected.json: Pandoc citeproc's APA 7 output for this corpus, page by page.

    python3 gen_expected.py [--csl PATH] [--bibliography refs.bib] [--out expected.json]

With `--bibliography refs.json --out expected-csl-json.json` it gives Pandoc's output for the
CSL-JSON copy of the corpus (refs.json, made by `pandoc -f biblatex -t csljson refs.bib`).

Needs pandoc (2.17 was used) and the APA style (../../../shared/csl/apa.csl by default).
The tests only read expected.json: pandoc is not needed to run them.

Each page's body (front matter removed; its `references:` keys become Pandoc `nocite`) is run
through `pandoc --citeproc` on its own with lang en-GB (attach-gen maps en-NZ to en-GB). For
every in-text citation the text is kept; for every reference-list entry its text, its italic
runs and its links.
"""
import argparse
import glob
import json
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}


def plain(inlines, runs=None, links=None, italic=False):
    """Text of Pandoc inlines; italic runs and link targets are collected on the way."""
    out = []
    for el in inlines:
        kind, c = el["t"], el.get("c")
        if kind == "Str":
            out.append(c)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "Emph":
            inner = plain(c, None, links, True)
            if runs is not None and not italic:
                runs.append(inner)
            out.append(inner)
        elif kind in ("Strong", "SmallCaps", "Superscript", "Subscript", "Underline", "Strikeout"):
            out.append(plain(c, runs, links, italic))
        elif kind == "Span":
            out.append(plain(c[1], runs, links, italic))
        elif kind == "Link":
            if links is not None:
                links.append(c[2][0])
            out.append(plain(c[1], runs, links, italic))
        elif kind == "Quoted":
            o, cl = QUOTES[c[0]["t"]]
            out.append(o + plain(c[1], runs, links, italic) + cl)
        elif kind == "Cite":
            out.append(plain(c[1], runs, links, italic))
        elif kind in ("Code", "Math"):
            out.append(c[1])
    return "".join(out)


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def inlines_of(blocks):
    for b in blocks:
        if b["t"] in ("Para", "Plain"):
            yield from walk(b["c"])


def walk(inlines):
    for el in inlines:
        yield el
        if el["t"] in ("Emph", "Strong", "Span", "Quoted", "Link"):
            inner = el["c"][1] if el["t"] in ("Span", "Quoted", "Link") else el["c"]
            yield from walk(inner)


def page(path, csl, bib):
    text = open(path, encoding="utf-8").read()
    front, body = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S).groups()
    nocite = re.findall(r"^  - ([A-Za-z0-9_]+)$", front, re.M)
    meta = "---\nnocite: |\n  " + ", ".join("@" + k for k in nocite) + "\n---\n\n" if nocite else ""
    result = subprocess.run(
        ["pandoc", "--citeproc", "--csl", csl, "--bibliography", os.path.join(HERE, bib),
         "-M", "lang=en-GB", "-f", "markdown", "-t", "json"],
        input=meta + body, capture_output=True, text=True, check=True)
    doc = json.loads(result.stdout)
    citations = [
        {"keys": [c["citationId"] for c in el["c"][0]], "text": norm(plain(el["c"][1]))}
        for el in inlines_of(doc["blocks"]) if el["t"] == "Cite"
    ]
    references = []
    for block in doc["blocks"]:
        if block["t"] == "Div" and block["c"][0][0] == "refs":
            for entry in block["c"][1]:
                runs, links = [], []
                inl = [x for b in entry["c"][1] for x in b["c"]]
                text = plain(inl, runs, links)
                references.append({"key": entry["c"][0][0][4:], "text": norm(text),
                                   "italics": [norm(r) for r in runs if norm(r)], "links": links})
    rel = os.path.relpath(path, os.path.join(HERE, "content"))
    return {"source": "content/" + rel, "url": rel[:-3] + "/", "citations": citations,
            "references": references}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csl", default=os.path.normpath(
        os.path.join(HERE, "..", "..", "..", "shared", "csl", "apa.csl")))
    ap.add_argument("--bibliography", default="refs.bib")
    ap.add_argument("--out", default="expected.json")
    args = ap.parse_args()
    version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    pages = [page(p, args.csl, args.bibliography) for p in sorted(glob.glob(os.path.join(HERE, "content", "*.md")))]
    out = {"generator": "gen_expected.py: " + version.splitlines()[0] + ", apa.csl, lang=en-GB",
           "pages": pages}
    with open(os.path.join(HERE, args.out), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("%d pages, %d citations, %d reference entries" % (
        len(pages), sum(len(p["citations"]) for p in pages),
        sum(len(p["references"]) for p in pages)))


if __name__ == "__main__":
    main()
