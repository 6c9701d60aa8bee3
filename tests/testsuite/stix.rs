//! The STIX 2.1 export: `/data/stix.json` and the per-company and per-actor bundles. What the
//! OASIS validator and the `stix2` library say of them is checked in CI (`.ci/stix-check.py`);
//! these tests check the mapping itself. Fixtures: `basic` (snapshot) and `provenance`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{build, copy_of, fixture, read, text};

fn built(name: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = copy_of(&fixture(name));
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-01-01"]);
    (dir, out)
}

fn bundle(out: &Path, path: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(v["type"], "bundle", "{path}");
    v["objects"].as_array().unwrap().clone()
}

fn find<'a>(objects: &'a [Value], kind: &str, name: &str) -> &'a Value {
    objects
        .iter()
        .find(|o| o["type"] == kind && o["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} named {name}"))
}

fn relationships<'a>(objects: &'a [Value], from: &Value, kind: &str) -> Vec<&'a Value> {
    objects
        .iter()
        .filter(|o| o["type"] == "relationship" && o["source_ref"] == from["id"] && o["relationship_type"] == kind)
        .collect()
}

#[test]
fn the_whole_bundle_matches_its_snapshot() {
    let (_dir, out) = built("basic");
    let expected = fs::read_to_string(fixture("basic").join("expected-stix.json")).unwrap();
    assert_eq!(read(&out, "data/stix.json"), expected);
}

#[test]
fn an_actor_is_an_intrusion_set_with_its_aliases_mitre_id_and_victims() {
    let (_dir, out) = built("basic");
    let objects = bundle(&out, "data/stix.json");
    let tracker = find(&objects, "identity", "Fixture Tracker");
    let actor = find(&objects, "intrusion-set", "Salt Typhoon");
    assert_eq!(actor["aliases"], serde_json::json!(["GhostEmperor"]));
    assert_eq!(actor["first_seen"], "2019-01-01T00:00:00.000Z");
    let mitre = actor["external_references"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source_name"] == "mitre-attack")
        .expect("an ATT&CK reference");
    assert_eq!(mitre["external_id"], "G1045");
    assert_eq!(mitre["url"], "https://attack.mitre.org/groups/G1045/");
    let lumen = find(&objects, "identity", "Lumen");
    assert_eq!(lumen["identity_class"], "organization");
    assert_eq!(lumen["sectors"], serde_json::json!(["telecommunications"]));
    let targets: Vec<&Value> = relationships(&objects, actor, "targets");
    assert!(targets.iter().any(|r| r["target_ref"] == lumen["id"]), "{targets:?}");
    // One identity, the tracker's, made every other object.
    for o in &objects {
        if o["id"] != tracker["id"] {
            assert_eq!(o["created_by_ref"], tracker["id"], "{o}");
        }
        assert_eq!(o["spec_version"], "2.1");
    }
}

#[test]
fn an_attribution_is_a_related_to_with_its_confidence_and_who_made_it() {
    let (_dir, out) = built("provenance");
    let objects = bundle(&out, "data/stix.json");
    let incident = find(
        &objects,
        "incident",
        "AT&T and Verizon wiretap systems reached, according to The Wall Street Journal",
    );
    assert_eq!(
        incident["description"],
        "The Journal reported that wiretap systems were reached."
    );
    let ext = incident["extensions"].as_object().unwrap();
    let (ext_id, status) = ext.iter().next().unwrap();
    assert_eq!(status["status"], "confirmed");
    assert_eq!(status["extension_type"], "property-extension");
    assert!(objects
        .iter()
        .any(|o| &o["id"] == ext_id && o["type"] == "extension-definition"));
    let refs = incident["external_references"].as_array().unwrap();
    assert!(refs
        .iter()
        .any(|r| r["source_name"] == "The Wall Street Journal" && r["url"] == "https://www.wsj.com/a"));
    let actor = find(&objects, "intrusion-set", "Salt Typhoon");
    let rel = relationships(&objects, incident, "related-to")
        .into_iter()
        .find(|r| r["target_ref"] == actor["id"])
        .expect("the incident is related to its actor");
    assert_eq!(rel["confidence"], 50);
    assert_eq!(
        rel["description"],
        "Attributed by US officials cited by The Wall Street Journal (confidence: moderate); source: https://www.wsj.com/a."
    );
    let campaign = find(&objects, "campaign", "Telecom intrusions");
    let to: Vec<&Value> = relationships(&objects, campaign, "attributed-to");
    assert_eq!(to.len(), 1);
    assert_eq!(to[0]["target_ref"], actor["id"]);
}

#[test]
fn ids_follow_the_site_address_and_slug_so_a_reexport_updates() {
    let (_dir, out) = built("basic");
    let (_dir2, again) = built("basic");
    assert_eq!(read(&out, "data/stix.json"), read(&again, "data/stix.json"));
    let ids = |out: &Path| -> BTreeSet<String> {
        bundle(out, "data/stix.json")
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    // The same company has the same id in its own bundle and in the whole one.
    let whole = bundle(&out, "data/stix.json");
    let own = bundle(&out, "companies/lumen/stix.json");
    assert_eq!(
        find(&whole, "identity", "Lumen")["id"],
        find(&own, "identity", "Lumen")["id"]
    );

    let (_dir3, root) = copy_of(&fixture("basic"));
    let site = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        site.replace("https://example.org", "https://other.example"),
    )
    .unwrap();
    let moved = root.join("public");
    build(&root, &moved, &["--now", "2026-01-01"]);
    assert!(ids(&out).is_disjoint(&ids(&moved)));
}

#[test]
fn a_company_called_tracker_has_an_id_of_its_own() {
    // The tracker's own identity and each company's are both STIX identities: a company whose
    // address is /companies/tracker/ must not take the tracker's id.
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::write(
        root.join("content/incidents/e-2024.md"),
        "---\ntitle: Tracker incident\ndisclosed: 2024-02-01\ncompanies: [Tracker]\nsources:\n  - url: https://example.com/e\n    publisher: Example News\n---\nWrite-up.\n",
    )
    .unwrap();
    let out = root.join("public");
    build(&root, &out, &["--now", "2026-01-01"]);
    for path in ["data/stix.json", "companies/tracker/stix.json"] {
        let objects = bundle(&out, path);
        let tracker = find(&objects, "identity", "Fixture Tracker");
        let company = find(&objects, "identity", "Tracker");
        assert_ne!(tracker["id"], company["id"], "{path}");
        let ids: BTreeSet<&str> = objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), objects.len(), "{path}: an id given twice");
        let incident = find(&objects, "incident", "Tracker incident");
        let related = relationships(&objects, incident, "related-to");
        assert_eq!(related.len(), 1, "{path}");
        assert_eq!(related[0]["target_ref"], company["id"], "{path}");
    }
}

#[test]
fn a_company_bundle_holds_only_what_concerns_it_and_its_page_links_it() {
    let (_dir, out) = built("provenance");
    let objects = bundle(&out, "companies/t-mobile/stix.json");
    let incidents: Vec<&str> = objects
        .iter()
        .filter(|o| o["type"] == "incident")
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(incidents.len(), 1, "{incidents:?}");
    assert!(!incidents[0].contains("wiretap"), "{incidents:?}");
    // Every relationship's ends are in the bundle.
    let ids: BTreeSet<&str> = objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
    for r in objects.iter().filter(|o| o["type"] == "relationship") {
        let end = |k: &str| r[k].as_str().unwrap();
        assert!(
            ids.contains(end("source_ref")) && ids.contains(end("target_ref")),
            "{r}"
        );
    }
    let page = read(&out, "companies/t-mobile/index.html");
    assert!(page.contains("<a href=\"/tracker/companies/t-mobile/stix.json\" type=\"application/json\">This company as a STIX 2.1 bundle</a>"));
    let actor = read(&out, "actors/salt-typhoon/index.html");
    assert!(actor.contains("href=\"/tracker/actors/salt-typhoon/stix.json\""));
    let data = text(&read(&out, "data/index.html"));
    assert!(data.contains("Everything as a STIX 2.1 bundle"), "{data}");
    assert!(
        data.contains(
            "Each company and each actor has its own STIX bundle, with what concerns it only, linked from its page."
        ),
        "{data}"
    );
    assert!(read(&out, "data/index.html").contains("href=\"/tracker/data/stix.json\""));
}
