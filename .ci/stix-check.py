"""Checks STIX bundles the way a threat-intelligence platform would read them: the OASIS
validator in strict mode, then the `stix2` library (custom content refused).

Usage: python3 .ci/stix-check.py BUNDLE.json...
"""
import json
import sys

import stix2
from stix2validator import ValidationOptions, print_results, validate_file

failed = False
for path in sys.argv[1:]:
    # Strict: every recommendation is an error, except one no export can meet. Check 302 asks
    # for a hash of every external reference's page; sources are other sites' articles, which
    # change, so a hash would be wrong the next day.
    options = ValidationOptions(strict=True, version="2.1", disabled=["302"])
    results = validate_file(path, options)
    if not results.is_valid:
        print_results(results)
        failed = True
        continue
    with open(path, encoding="utf-8") as f:
        bundle = stix2.parse(json.load(f), allow_custom=False)
    kinds = {}
    for o in bundle.objects:
        kinds[o.type] = kinds.get(o.type, 0) + 1
    print(f"{path}: valid STIX 2.1 (strict), {len(bundle.objects)} objects {dict(sorted(kinds.items()))}")
sys.exit(1 if failed else 0)
