//! The STIX 2.1 export: the whole tracker as one bundle (`/data/stix.json`), and per company and
//! per actor the same bundle restricted to what concerns it. The README's "STIX 2.1" section maps
//! each tally field to its STIX object and property.
//!
//! Ids are name-based UUIDs (see `id`) of the site's `base_url` and a slug, so importing a newer export updates the
//! objects a platform already holds. Times come from the entries' dates (their git history), else
//! from their content (disclosure, latest update), so the same tracker always gives the same bytes.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::content::config::Config;
use crate::content::index::Library;
use crate::content::model::{Claim, Confidence, Source};

/// STIX's 0-100 confidence for a tally attribution (the README documents the scale).
pub fn confidence(c: Confidence) -> u8 {
    match c {
        Confidence::Confirmed => 100,
        Confidence::High => 85,
        Confidence::Moderate => 50,
        Confidence::Low => 15,
    }
}

/// The day the status extension's schema was written: its definition never changes with content.
const EXTENSION_DATE: (i32, u32, u32) = (2026, 11, 26);

/// STIX's industry-sector vocabulary: a profile's sector is given as `sectors` when it names one
/// of them, and in the identity's description otherwise (strict validation rejects other words).
const SECTORS: [&str; 34] = [
    "agriculture",
    "aerospace",
    "automotive",
    "chemical",
    "commercial",
    "communications",
    "construction",
    "defense",
    "education",
    "energy",
    "entertainment",
    "financial-services",
    "government",
    "government-emergency-services",
    "government-local",
    "government-national",
    "government-public-services",
    "government-regional",
    "healthcare",
    "hospitality-leisure",
    "infrastructure",
    "infrastructure-dams",
    "infrastructure-nuclear",
    "infrastructure-water",
    "insurance",
    "manufacturing",
    "mining",
    "non-profit",
    "pharmaceuticals",
    "retail",
    "technology",
    "telecommunications",
    "transportation",
    "utilities",
];

fn sector(text: &str) -> Option<&'static str> {
    let slug = crate::content::model::slugify(text);
    let slug = match slug.as_str() {
        "telecom" | "telecoms" | "telecommunication" => "telecommunications",
        "finance" | "financial" | "banking" | "fintech" => "financial-services",
        "health" | "health-care" => "healthcare",
        "tech" | "software" | "information-technology" => "technology",
        s => s,
    };
    SECTORS.iter().copied().find(|s| *s == slug)
}

/// STIX timestamps are precise to the millisecond.
fn stamp(d: NaiveDate) -> String {
    format!("{d}T00:00:00.000Z")
}

/// When an object was created and last modified, modified never before created.
#[derive(Clone, Copy)]
struct Span {
    created: NaiveDate,
    modified: NaiveDate,
}

impl Span {
    fn new(created: NaiveDate, modified: NaiveDate) -> Span {
        Span {
            created,
            modified: modified.max(created),
        }
    }

    /// The span of several spans; `fallback` when there are none.
    fn over(spans: impl Iterator<Item = Span>, fallback: Span) -> Span {
        spans
            .reduce(|a, b| Span::new(a.created.min(b.created), a.modified.max(b.modified)))
            .unwrap_or(fallback)
    }
}

/// The objects of the whole tracker, each already serialised, with what ties them, so a
/// restricted bundle is a selection of strings rather than a second export. An object is known
/// by its rank in id order: a bundle is a sorted list of ranks, and lists objects in id order.
pub struct Objects {
    namespace: Uuid,
    /// Objects every bundle carries: the tracker's identity and the status extension.
    common: Vec<String>,
    /// By rank: the object's JSON.
    objects: Vec<String>,
    /// Relationships, in id order: (source's rank, target's rank, JSON).
    relationships: Vec<(u32, u32, String)>,
    /// By the source's rank: indices into `relationships`, so a small bundle never scans them all.
    outgoing: Vec<Vec<u32>>,
    company_ids: Vec<u32>,
    actor_ids: Vec<u32>,
    incidents: Vec<IncidentIds>,
}

/// An incident's rank and what it names: indices of its companies and actors, its campaign's rank.
struct IncidentIds {
    id: u32,
    companies: Vec<usize>,
    actors: Vec<usize>,
    campaign: Option<u32>,
}

impl Objects {
    fn id(&self, kind: &str, slug: &str) -> String {
        id(self.namespace, kind, slug)
    }
}

/// `kind--uuid`: the UUIDv5 (SHA-1) of the kind and slug in the site's namespace, marked as
/// version 4, which STIX asks of domain and relationship objects (strict validation rejects other
/// versions). Name-based all the same: the same site and slug always give the same id.
fn id(namespace: Uuid, kind: &str, slug: &str) -> String {
    let hashed = Uuid::new_v5(&namespace, format!("{kind}/{slug}").as_bytes());
    format!(
        "{kind}--{}",
        uuid::Builder::from_random_bytes(*hashed.as_bytes()).into_uuid()
    )
}

fn reference(s: &Source) -> Value {
    let mut r = Map::new();
    r.insert("source_name".into(), json!(s.publisher));
    if let Some(url) = &s.url {
        r.insert("url".into(), json!(url));
    }
    // A reference needs a url, a description or an external id: the title (else the publisher
    // and date) stands in for a source known only in print.
    let mut description = s.title.clone().unwrap_or_else(|| s.publisher.clone());
    if let Some(d) = s.date {
        description.push_str(&format!(" ({})", d.iso()));
    }
    r.insert("description".into(), json!(description));
    if let Some(id) = &s.id {
        r.insert("external_id".into(), json!(id));
    }
    Value::Object(r)
}

fn who(c: &Claim, sources: &[Source]) -> String {
    let by = c.by.as_deref().unwrap_or("the sources listed");
    let mut text = format!("Attributed by {by}");
    if let Some(conf) = c.confidence {
        text.push_str(&format!(" (confidence: {})", conf.as_str()));
    }
    if let Some(s) = c.source.and_then(|i| sources.get(i)) {
        text.push_str(&format!("; source: {}", s.url.as_deref().unwrap_or(&s.publisher)));
    }
    text.push('.');
    text
}

fn to_json(v: &Value) -> String {
    v.to_string()
}

/// Builds every object of the tracker once.
pub fn objects(lib: &Library, config: &Config) -> Objects {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, config.base_url.as_bytes());
    let base = config.base_path();
    // Companies are identities too, named by their slug; no slug is empty, so the tracker's
    // identity cannot take the id of a company (one called Tracker, say).
    let tracker = id(namespace, "identity", "");
    let ext_date = NaiveDate::from_ymd_opt(EXTENSION_DATE.0, EXTENSION_DATE.1, EXTENSION_DATE.2).unwrap_or_default();
    let extension = id(namespace, "extension-definition", "status");
    let page =
        |path: String, title: &str| json!({"source_name": title, "url": config.absolute(&format!("{base}/{path}"))});

    let incident_span: Vec<Span> = lib
        .incidents
        .iter()
        .map(|e| Span::new(e.incident.published(), e.incident.modified()))
        .collect();
    let epoch = Span::new(ext_date, ext_date);
    let everything = Span::over(incident_span.iter().copied(), epoch);
    let of = |incidents: &[usize], dates: Option<crate::content::model::Dates>| {
        let s = Span::over(incidents.iter().map(|&i| incident_span[i]), everything);
        match dates {
            Some(d) => Span::new(
                d.added.unwrap_or(s.created),
                d.modified.unwrap_or(s.modified).max(s.modified),
            ),
            None => s,
        }
    };
    let base_obj = |kind: &str, id: &str, span: Span| {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        m.insert("spec_version".into(), json!("2.1"));
        m.insert("id".into(), json!(id));
        m.insert("created".into(), json!(stamp(span.created)));
        m.insert("modified".into(), json!(stamp(span.modified)));
        m
    };
    let owned = |kind: &str, id: &str, span: Span| {
        let mut m = base_obj(kind, id, span);
        m.insert("created_by_ref".into(), json!(tracker));
        m
    };

    let mut tracker_obj = base_obj("identity", &tracker, everything);
    tracker_obj.insert("name".into(), json!(config.title));
    tracker_obj.insert("identity_class".into(), json!("organization"));
    if let Some(d) = &config.description {
        tracker_obj.insert("description".into(), json!(d));
    }
    tracker_obj.insert(
        "contact_information".into(),
        json!(config.absolute(&format!("{base}/"))),
    );
    tracker_obj.insert("created_by_ref".into(), json!(tracker));
    let mut ext = owned("extension-definition", &extension, Span::new(ext_date, ext_date));
    ext.insert("name".into(), json!("tally incident status"));
    ext.insert(
        "description".into(),
        json!("How established an incident is in the tracker that published it."),
    );
    ext.insert(
        "schema".into(),
        json!("A property extension on incident objects with one property, `status`: one of confirmed, reported, alleged, disputed, retracted."),
    );
    ext.insert("version".into(), json!("1.0.0"));
    ext.insert("extension_types".into(), json!(["property-extension"]));
    let common = vec![to_json(&Value::Object(tracker_obj)), to_json(&Value::Object(ext))];

    let mut objects: BTreeMap<String, String> = BTreeMap::new();
    let mut relationships: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut relate = |kind: &str, from: &str, to: &str, span: Span, extra: Vec<(&str, Value)>| {
        let rid = id(namespace, "relationship", &format!("{from}/{kind}/{to}"));
        let mut m = owned("relationship", &rid, span);
        m.insert("relationship_type".into(), json!(kind));
        m.insert("source_ref".into(), json!(from));
        m.insert("target_ref".into(), json!(to));
        for (k, v) in extra {
            m.insert(k.into(), v);
        }
        relationships.insert(rid, (from.to_string(), to.to_string(), to_json(&Value::Object(m))));
    };

    let company_ids: Vec<String> = lib
        .companies
        .iter()
        .map(|c| id(namespace, "identity", &c.slug))
        .collect();
    let actor_ids: Vec<String> = lib
        .actors
        .iter()
        .map(|a| id(namespace, "intrusion-set", &a.slug))
        .collect();
    let campaign_ids: Vec<String> = lib
        .campaigns
        .iter()
        .map(|c| id(namespace, "campaign", &c.slug))
        .collect();

    for (c, cid) in lib.companies.iter().zip(&company_ids) {
        let p = c.profile.as_ref();
        let span = of(&c.incidents, p.map(|p| p.dates));
        let mut m = owned("identity", cid, span);
        m.insert("name".into(), json!(c.name));
        m.insert("identity_class".into(), json!("organization"));
        if let Some(s) = p.and_then(|p| p.sector.as_deref()) {
            match sector(s) {
                Some(v) => {
                    m.insert("sectors".into(), json!([v]));
                }
                None => {
                    m.insert("description".into(), json!(format!("Sector: {s}")));
                }
            }
        }
        m.insert(
            "external_references".into(),
            json!([page(format!("companies/{}/", c.slug), &config.title)]),
        );
        objects.insert(cid.clone(), to_json(&Value::Object(m)));
    }

    for (a, aid) in lib.actors.iter().zip(&actor_ids) {
        let p = a.profile.as_ref();
        let span = of(&a.incidents, p.map(|p| p.dates));
        let mut m = owned("intrusion-set", aid, span);
        m.insert("name".into(), json!(a.name));
        let aliases: Vec<&str> = p
            .map(|p| p.aliases.iter().map(|x| x.name.as_str()).collect())
            .unwrap_or_default();
        if !aliases.is_empty() {
            m.insert("aliases".into(), json!(aliases));
        }
        let mut about = Vec::new();
        if let Some(p) = p {
            if let Some(k) = &p.kind {
                about.push(format!("Kind: {k}."));
            }
            if let Some(c) = &p.country {
                about.push(format!("Country: {}. {}", c.value, who(&c.claim, &p.sources)));
            }
            if let Some(s) = &p.sponsor {
                about.push(format!("Sponsor: {}. {}", s.value, who(&s.claim, &p.sources)));
            }
        }
        if !about.is_empty() {
            m.insert("description".into(), json!(about.join(" ")));
        }
        if let Some(first) = p.and_then(|p| p.first_seen).or(a.first) {
            m.insert("first_seen".into(), json!(stamp(first.first_day())));
        }
        let mut refs = vec![page(format!("actors/{}/", a.slug), &config.title)];
        if let Some(g) = p.and_then(|p| p.mitre.as_deref()) {
            refs.push(json!({
                "source_name": "mitre-attack",
                "external_id": g,
                "url": format!("https://attack.mitre.org/groups/{g}/"),
            }));
        }
        refs.extend(p.iter().flat_map(|p| p.sources.iter().map(reference)));
        m.insert("external_references".into(), json!(refs));
        objects.insert(aid.clone(), to_json(&Value::Object(m)));
        for v in &a.victims {
            let span = Span::over([span, of(&lib.companies[v.target].incidents, None)].into_iter(), span);
            relate("targets", aid, &company_ids[v.target], span, vec![]);
        }
    }

    for (c, cid) in lib.campaigns.iter().zip(&campaign_ids) {
        let span = of(&c.incidents, None);
        let mut m = owned("campaign", cid, span);
        m.insert("name".into(), json!(c.name));
        if let Some(first) = c.incidents.first() {
            let e = &lib.incidents[*first].incident;
            let start = e.occurred.map(|w| w.start()).unwrap_or(e.disclosed);
            m.insert("first_seen".into(), json!(stamp(start.first_day())));
        }
        m.insert(
            "external_references".into(),
            json!([page(format!("campaigns/{}/", c.slug), &config.title)]),
        );
        objects.insert(cid.clone(), to_json(&Value::Object(m)));
        for a in &c.actors {
            relate("attributed-to", cid, &actor_ids[a.target], span, vec![]);
        }
        for v in &c.victims {
            relate("targets", cid, &company_ids[v.target], span, vec![]);
        }
    }

    let mut incidents = Vec::with_capacity(lib.incidents.len());
    for (e, span) in lib.incidents.iter().zip(&incident_span) {
        let i = &e.incident;
        let iid = id(namespace, "incident", &i.slug);
        let mut m = owned("incident", &iid, *span);
        m.insert("name".into(), json!(i.title));
        if let Some(s) = &i.summary {
            m.insert("description".into(), json!(s));
        }
        let mut refs = vec![page(format!("incidents/{}/", i.slug), &config.title)];
        refs.extend(i.sources.iter().map(reference));
        m.insert("external_references".into(), json!(refs));
        let mut ext_props = Map::new();
        ext_props.insert("extension_type".into(), json!("property-extension"));
        ext_props.insert("status".into(), json!(i.status.as_str()));
        let mut exts = Map::new();
        exts.insert(extension.clone(), Value::Object(ext_props));
        m.insert("extensions".into(), Value::Object(exts));
        objects.insert(iid.clone(), to_json(&Value::Object(m)));
        for l in &e.actors {
            let mut extra = vec![("description", json!(who(&l.claim, &i.sources)))];
            if let Some(c) = l.claim.confidence {
                extra.push(("confidence", json!(confidence(c))));
            }
            relate("related-to", &iid, &actor_ids[l.target], *span, extra);
        }
        for l in &e.companies {
            relate("related-to", &iid, &company_ids[l.target], *span, vec![]);
        }
        let campaign = e.campaign.map(|c| campaign_ids[c].clone());
        if let Some(c) = &campaign {
            relate("related-to", &iid, c, *span, vec![]);
        }
        incidents.push((
            iid,
            e.companies.iter().map(|l| l.target).collect(),
            e.actors.iter().map(|l| l.target).collect(),
            campaign,
        ));
    }

    // Ranks in id order: comparing and looking up numbers, not 45-byte ids.
    let rank: HashMap<&str, u32> = objects
        .keys()
        .enumerate()
        .map(|(n, id)| (id.as_str(), n as u32))
        .collect();
    let rank_of = |id: &str| rank[id];
    let relationships: Vec<(u32, u32, String)> = relationships
        .into_values()
        .map(|(from, to, json)| (rank_of(&from), rank_of(&to), json))
        .collect();
    let mut outgoing = vec![Vec::new(); objects.len()];
    for (n, (from, _, _)) in relationships.iter().enumerate() {
        outgoing[*from as usize].push(n as u32);
    }
    let company_ids = company_ids.iter().map(|id| rank_of(id)).collect();
    let actor_ids = actor_ids.iter().map(|id| rank_of(id)).collect();
    let incidents = incidents
        .into_iter()
        .map(|(id, companies, actors, campaign)| IncidentIds {
            id: rank_of(&id),
            companies,
            actors,
            campaign: campaign.map(|c: String| rank_of(&c)),
        })
        .collect();
    drop(rank);
    Objects {
        namespace,
        common,
        objects: objects.into_values().collect(),
        relationships,
        outgoing,
        company_ids,
        actor_ids,
        incidents,
    }
}

impl Objects {
    /// A bundle of the objects of these ranks (sorted, each once) and the relationships among
    /// them; with `focus` (sorted too), only the relationships that start or end at one of its objects.
    fn bundle(&self, name: &str, ids: &[u32], focus: Option<&[u32]>) -> Vec<u8> {
        let has = |set: &[u32], id: u32| set.binary_search(&id).is_ok();
        let mut related: Vec<u32> = ids
            .iter()
            .flat_map(|&id| &self.outgoing[id as usize])
            .copied()
            .filter(|&n| {
                let (from, to, _) = &self.relationships[n as usize];
                has(ids, *to) && focus.is_none_or(|f| has(f, *from) || has(f, *to))
            })
            .collect();
        related.sort_unstable();
        let parts: Vec<&str> = (self.common.iter().map(String::as_str))
            .chain(ids.iter().map(|&id| self.objects[id as usize].as_str()))
            .chain(related.iter().map(|&n| self.relationships[n as usize].2.as_str()))
            .collect();
        let head = format!(
            "{{\"type\":\"bundle\",\"id\":\"{}\",\"objects\":[",
            self.id("bundle", name)
        );
        // Sized once: the whole tracker's bundle is the largest file of a site, and growing it
        // by doubling would hold it twice over for a moment.
        let size = head.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>() + 3;
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(head.as_bytes());
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(part.as_bytes());
        }
        out.extend_from_slice(b"]}\n");
        out
    }

    /// The whole tracker.
    pub fn all(&self) -> Vec<u8> {
        let ids: Vec<u32> = (0..self.objects.len() as u32).collect();
        self.bundle("all", &ids, None)
    }

    /// What concerns one company: it, its incidents, their actors and campaigns, and the
    /// relationships of the company and its incidents. What ties an actor or a campaign to other
    /// companies is not about this one: the whole bundle and those companies' bundles hold it
    /// (repeated in every co-victim's bundle, it was most of their bytes).
    pub fn company(&self, lib: &Library, c: usize) -> Vec<u8> {
        let incidents = &lib.companies[c].incidents;
        let focus = self.focus(self.company_ids[c], incidents);
        let ids = self.with_named(&focus, incidents);
        self.bundle(&format!("company/{}", lib.companies[c].slug), &ids, Some(&focus))
    }

    /// What concerns one actor: it, its incidents, their victims and campaigns, and the
    /// relationships of the actor and its incidents.
    pub fn actor(&self, lib: &Library, a: usize) -> Vec<u8> {
        let incidents = &lib.actors[a].incidents;
        let focus = self.focus(self.actor_ids[a], incidents);
        let ids = self.with_named(&focus, incidents);
        self.bundle(&format!("actor/{}", lib.actors[a].slug), &ids, Some(&focus))
    }

    /// A company's or an actor's rank with the ranks of its incidents, sorted.
    fn focus(&self, id: u32, incidents: &[usize]) -> Vec<u32> {
        let mut focus: Vec<u32> = std::iter::once(id)
            .chain(incidents.iter().map(|&i| self.incidents[i].id))
            .collect();
        focus.sort_unstable();
        focus.dedup();
        focus
    }

    /// `focus` with what these incidents name (companies, actors, campaigns), sorted.
    fn with_named(&self, focus: &[u32], incidents: &[usize]) -> Vec<u32> {
        let mut ids = focus.to_vec();
        for &i in incidents {
            let IncidentIds {
                companies,
                actors,
                campaign,
                ..
            } = &self.incidents[i];
            ids.extend(companies.iter().map(|&c| self.company_ids[c]));
            ids.extend(actors.iter().map(|&a| self.actor_ids[a]));
            ids.extend(*campaign);
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_name_based_and_shaped_as_version_4() {
        let ns = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://example.org");
        let a = id(ns, "identity", "t-mobile");
        assert_eq!(a, id(ns, "identity", "t-mobile"));
        assert_ne!(a, id(ns, "identity", "verizon"));
        assert_ne!(a, id(ns, "intrusion-set", "t-mobile"));
        let uuid = Uuid::parse_str(a.strip_prefix("identity--").unwrap()).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
        let other = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://other.example");
        assert_ne!(a, id(other, "identity", "t-mobile"));
    }

    #[test]
    fn sectors_map_to_the_stix_vocabulary_or_nothing() {
        assert_eq!(sector("Telecommunications"), Some("telecommunications"));
        assert_eq!(sector("Telecom"), Some("telecommunications"));
        assert_eq!(sector("Banking"), Some("financial-services"));
        assert_eq!(sector("Credit bureau"), None);
    }

    #[test]
    fn confidence_scale() {
        let scale: Vec<u8> = Confidence::ALL.into_iter().map(confidence).collect();
        assert_eq!(scale, [100, 85, 50, 15]);
    }

    #[test]
    fn timestamps_are_precise_to_the_millisecond() {
        let d = NaiveDate::from_ymd_opt(2024, 11, 15).unwrap();
        assert_eq!(stamp(d), "2024-11-15T00:00:00.000Z");
    }
}
