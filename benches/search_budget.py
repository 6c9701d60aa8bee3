#!/usr/bin/env python3
"""What a browser downloads for a first search, gzipped, on a built site.

Usage: python3 benches/search_budget.py SITE_DIR [QUERY ...]
For each query it follows what static/search.js loads: facets.json; for each token (a year
excepted), the names shards of its squashed spelling and of its first two letters; the word
shard of each word; and the incident shards of the first page of results (50). It also prints
the largest shard of each kind, the worst case of one query.
"""
import gzip
import json
import os
import re
import sys
import unicodedata

site = sys.argv[1]
queries = sys.argv[2:] or ["company 1", "actor 7", "incident 4242", "Company 12 breach 2021", "compnay 12"]
idx = os.path.join(site, "search")


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


def squash(s):
    return re.sub(r"[^a-z0-9]", "", fold(s))


def words(s):
    return [w for w in re.split(r"[^a-z0-9]+", fold(s)) if len(w) >= 2]


def shards(keys, prefix):
    return [k for k in keys if k.startswith(prefix) or prefix.startswith(k)][:8]


facets = json.load(open(os.path.join(idx, "facets.json")))
script = gz(os.path.join(site, "search.js"))
base = gz(os.path.join(idx, "facets.json")) + script
print(f"search.js: {script / 1000:.1f} kB gz; facets.json: {gz(os.path.join(idx, 'facets.json')) / 1000:.1f} kB gz, {len(facets['f']) // 2} incidents")
for kind in ["names", "words", "incidents"]:
    files = [os.path.join(idx, kind, f) for f in os.listdir(os.path.join(idx, kind))]
    sizes = sorted(gz(f) for f in files)
    print(f"{kind}: {len(files)} shards, largest {sizes[-1] / 1000:.1f} kB gz, median {sizes[len(sizes) // 2] / 1000:.1f} kB gz")

for q in queries:
    loaded = set()
    total = base

    def fetch(p):
        global total
        if p not in loaded:
            loaded.add(p)
            total += gz(os.path.join(idx, p))
        return json.load(open(os.path.join(idx, p)))

    tokens = [t for t in q.split() if squash(t) and not re.fullmatch(r"\W*(1[89]|2[01])\d\d\W*", t)]
    entries = {}
    for t in tokens:
        sq = squash(t)
        for k in set(shards(facets["names"], sq)) | set(shards(facets["names"], sq[:2])):
            for e in fetch(f"names/{k}.json"):
                entries[e["u"]] = e
    ids = set()
    for t in tokens:
        sq = squash(t)
        hit = set()
        for e in entries.values():
            if any(s == sq or (len(sq) >= 3 and s.startswith(sq)) for s in e["s"]):
                hit.update(e["i"])
        for w in words(t):
            if w in facets.get("stop", []):
                continue
            for key in shards(facets["words"], w):
                for k, v in fetch(f"words/{key}.json").items():
                    if k.startswith(w):
                        hit.update(v)
        ids |= hit
    shown = sorted(ids)[:50]
    for k in sorted({i // 100 for i in shown}):
        fetch(f"incidents/{k}.json")
    print(f"query {q!r}: up to {len(ids)} results, first search downloads {total / 1000:.1f} kB gz (search.js included)")
