#!/usr/bin/env python3
"""What a browser downloads for a first search, gzipped, on a built site.

Usage: python3 benches/search_budget.py SITE_DIR [QUERY ...]
For each query it follows what static/search.js loads: facets.json, the names shard of the
query's first letter, the word shard of each word, and the incident shards of the first 50
results. It also prints the largest shard of each kind, the worst case of one query.
"""
import gzip
import json
import os
import re
import sys
import unicodedata

site = sys.argv[1]
queries = sys.argv[2:] or ["company 1", "actor 7", "incident 4242"]
idx = os.path.join(site, "search")


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


facets = json.load(open(os.path.join(idx, "facets.json")))
script = gz(os.path.join(site, "search.js"))
base = gz(os.path.join(idx, "facets.json")) + script
print(f"search.js: {script / 1000:.1f} kB gz; facets.json: {gz(os.path.join(idx, 'facets.json')) / 1000:.1f} kB gz, {len(facets['f']) // 2} incidents")
for kind in ["names", "words", "incidents"]:
    files = [os.path.join(idx, kind, f) for f in os.listdir(os.path.join(idx, kind))]
    sizes = sorted(gz(f) for f in files)
    print(f"{kind}: {len(files)} shards, largest {sizes[-1] / 1000:.1f} kB gz, median {sizes[len(sizes) // 2] / 1000:.1f} kB gz")

for q in queries:
    loaded = {"facets.json"}
    total = base
    ids = set()
    sq = re.sub(r"[^a-z0-9]", "", fold(q))
    def shards(keys, prefix):
        return [k for k in keys if k.startswith(prefix) or prefix.startswith(k)][:8]
    for k in shards(facets["names"], sq) if sq else []:
        p = f"names/{k}.json"
        loaded.add(p)
        total += gz(os.path.join(idx, p))
        for e in json.load(open(os.path.join(idx, p))):
            if any(s.startswith(sq) for s in e["s"]):
                ids.update(e["i"])
    common = None
    for w in [w for w in re.split(r"[^a-z0-9]+", fold(q)) if len(w) >= 2]:
        hit = set()
        for key in shards(facets["words"], w):
            p = f"words/{key}.json"
            if p not in loaded:
                loaded.add(p)
                total += gz(os.path.join(idx, p))
            for k, v in json.load(open(os.path.join(idx, p))).items():
                if k.startswith(w):
                    hit.update(v)
        common = hit if common is None else common & hit
    ids |= common or set()
    shown = sorted(ids)[:50]
    for k in sorted({i // 100 for i in shown}):
        total += gz(os.path.join(idx, f"incidents/{k}.json"))
    print(f"query {q!r}: {len(ids)} results, first search downloads {total / 1000:.1f} kB gz (search.js included)")
