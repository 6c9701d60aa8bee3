"""Imports STIX bundles into MISP events with MISP's own converter (misp-stix), and checks that
each event names every actor (intrusion set) and every victim (organisation) of its bundle.

misp-stix has no mapping for STIX `incident` objects: it reports each one as an unknown type
and leaves it out. Those messages are expected; any other error fails.

Usage: python3 .ci/misp-check.py BUNDLE.json...
"""
import json
import sys
import tempfile

from misp_stix_converter import stix_2_to_misp

UNSUPPORTED = {"Unable to load STIX object type: incident", "Unknown STIX object type: incident"}

failed = False
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    tracker = bundle["objects"][0]["id"]
    actors = {o["name"] for o in bundle["objects"] if o["type"] == "intrusion-set"}
    victims = {o["name"] for o in bundle["objects"] if o["type"] == "identity" and o["id"] != tracker}
    with tempfile.TemporaryDirectory() as out:
        result = stix_2_to_misp(path, single_event=True, output_dir=out, debug=True)
        errors = [e for msgs in result.get("errors", {}).values() for e in msgs if e not in UNSUPPORTED]
        if errors or not result.get("results"):
            print(f"{path}: misp-stix failed: {errors or result}")
            failed = True
            continue
        with open(result["results"][0], encoding="utf-8") as f:
            event = json.load(f)
    event = event.get("Event", event)
    clusters = {c["value"] for g in event.get("Galaxy", []) for c in g.get("GalaxyCluster", [])}
    orgs = {
        a["value"]
        for o in event.get("Object", [])
        if o.get("name") == "organization"
        for a in o.get("Attribute", [])
        if a.get("object_relation") == "name"
    }
    missing = (actors - clusters) | (victims - orgs)
    if missing:
        print(f"{path}: the MISP event lacks {sorted(missing)}")
        failed = True
        continue
    print(f"{path}: MISP event with actors {sorted(actors)} and {len(victims)} victims")
sys.exit(1 if failed else 0)
