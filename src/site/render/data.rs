//! The data downloads: every field of the content model plus what is derived, as JSON and CSV.
//! Field names are part of the site's interface: the README's schema section documents them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::config::Config;
use crate::content::index::{Library, Tie};
use crate::content::model::{Claim, PartialDate, Source, Stated, Status, When};
use crate::error::Error;
use crate::site::routes::DATA_FILES;

#[derive(Serialize)]
pub struct SourceRow<'a> {
    pub id: Option<&'a str>,
    pub url: Option<&'a str>,
    pub publisher: &'a str,
    pub title: Option<&'a str>,
    pub date: Option<String>,
}

#[derive(Serialize)]
pub struct UpdateRow<'a> {
    pub date: String,
    pub note: &'a str,
    /// The incident's status from this day on, when the update changed it.
    pub status: Option<&'static str>,
    /// The id of the source it rests on (else its place in `sources`, from 1).
    pub source: Option<String>,
}

/// Who makes a claim, how sure, and on which source.
#[derive(Serialize)]
pub struct ClaimRow<'a> {
    pub by: Option<&'a str>,
    pub confidence: Option<&'static str>,
    /// The id of the source (else its place in `sources`, from 1).
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct AttributionRow<'a> {
    pub actor: &'a str,
    pub actor_slug: &'a str,
    #[serde(flatten)]
    pub claim: ClaimRow<'a>,
}

/// A value with who states it: an actor's sponsor or country.
#[derive(Serialize)]
pub struct StatedRow<'a> {
    pub value: &'a str,
    #[serde(flatten)]
    pub claim: ClaimRow<'a>,
}

/// A company tied to an actor, with the firmest status of the incidents tying them.
#[derive(Serialize)]
pub struct TieRow<'a> {
    pub slug: &'a str,
    pub status: &'static str,
}

fn source_ref(sources: &[Source], i: Option<usize>) -> Option<String> {
    let i = i?;
    Some(sources.get(i)?.id.clone().unwrap_or_else(|| (i + 1).to_string()))
}

fn claim_row<'a>(c: &'a Claim, sources: &[Source]) -> ClaimRow<'a> {
    ClaimRow {
        by: c.by.as_deref(),
        confidence: c.confidence.map(|c| c.as_str()),
        source: source_ref(sources, c.source),
    }
}

fn stated_row<'a>(s: &'a Stated, sources: &[Source]) -> StatedRow<'a> {
    StatedRow {
        value: &s.value,
        claim: claim_row(&s.claim, sources),
    }
}

fn day(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// How many of these incidents have each status (statuses with none left out).
fn by_status(statuses: impl Iterator<Item = Status>) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for s in statuses {
        *m.entry(s.as_str()).or_default() += 1;
    }
    m
}

#[derive(Serialize)]
pub struct Ordinal<'a> {
    pub company: &'a str,
    pub ordinal: usize,
}

#[derive(Serialize)]
pub struct IncidentRow<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub disclosed: String,
    pub occurred_from: Option<String>,
    pub occurred_to: Option<String>,
    pub companies: Vec<&'a str>,
    pub company_slugs: Vec<&'a str>,
    pub actors: Vec<&'a str>,
    pub actor_slugs: Vec<&'a str>,
    /// Each actor with who attributes the incident to it and how sure they are.
    pub attributions: Vec<AttributionRow<'a>>,
    pub campaign: Option<&'a str>,
    pub campaign_slug: Option<&'a str>,
    pub status: &'static str,
    pub types: &'a [String],
    pub records_count: Option<u64>,
    pub records_unit: Option<&'a str>,
    pub records_approximate: Option<bool>,
    pub data: &'a [String],
    pub tally: bool,
    pub counted: bool,
    pub ordinals: Vec<Ordinal<'a>>,
    pub summary: Option<&'a str>,
    pub sources: Vec<SourceRow<'a>>,
    pub updates: Vec<UpdateRow<'a>>,
    pub last_updated: String,
    /// When it was added to the tracker and last changed (from its history; null outside git).
    pub added: Option<String>,
    pub modified: Option<String>,
    /// The data's licence, `license` in site.yaml (null when it says none).
    pub license: Option<&'a str>,
}

fn iso(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.iso())
}

pub fn incident_rows<'a>(lib: &'a Library, config: &'a Config) -> Vec<IncidentRow<'a>> {
    lib.incidents
        .iter()
        .map(|e| {
            let i = &e.incident;
            let (from, to) = match i.occurred {
                Some(When::At(d)) => (Some(d), Some(d)),
                Some(When::Range { from, to }) => (Some(from), Some(to)),
                None => (None, None),
            };
            let campaign = e.campaign.map(|c| &lib.campaigns[c]);
            IncidentRow {
                slug: &i.slug,
                url: config.absolute(&format!("{}/incidents/{}/", config.base_path(), i.slug)),
                title: &i.title,
                disclosed: i.disclosed.iso(),
                occurred_from: iso(from),
                occurred_to: iso(to),
                companies: e
                    .companies
                    .iter()
                    .map(|l| lib.companies[l.target].name.as_str())
                    .collect(),
                company_slugs: e
                    .companies
                    .iter()
                    .map(|l| lib.companies[l.target].slug.as_str())
                    .collect(),
                actors: e.actors.iter().map(|l| lib.actors[l.target].name.as_str()).collect(),
                actor_slugs: e.actors.iter().map(|l| lib.actors[l.target].slug.as_str()).collect(),
                attributions: e
                    .actors
                    .iter()
                    .map(|l| AttributionRow {
                        actor: &lib.actors[l.target].name,
                        actor_slug: &lib.actors[l.target].slug,
                        claim: claim_row(&l.claim, &i.sources),
                    })
                    .collect(),
                campaign: campaign.map(|c| c.name.as_str()),
                campaign_slug: campaign.map(|c| c.slug.as_str()),
                status: i.status.as_str(),
                types: &i.types,
                records_count: i.records.as_ref().map(|r| r.count),
                records_unit: i.records.as_ref().map(|r| r.unit.as_str()),
                records_approximate: i.records.as_ref().map(|r| r.approximate),
                data: &i.data,
                tally: i.tally,
                counted: i.counts(),
                ordinals: e
                    .companies
                    .iter()
                    .filter_map(|l| {
                        l.ordinal.map(|o| Ordinal {
                            company: &lib.companies[l.target].slug,
                            ordinal: o,
                        })
                    })
                    .collect(),
                summary: i.summary.as_deref(),
                sources: i
                    .sources
                    .iter()
                    .map(|s| SourceRow {
                        id: s.id.as_deref(),
                        url: s.url.as_deref(),
                        publisher: &s.publisher,
                        title: s.title.as_deref(),
                        date: iso(s.date),
                    })
                    .collect(),
                updates: i
                    .updates
                    .iter()
                    .map(|u| UpdateRow {
                        date: u.date.to_string(),
                        note: &u.note,
                        status: u.status.map(Status::as_str),
                        source: source_ref(&i.sources, u.source),
                    })
                    .collect(),
                last_updated: i.last_changed().to_string(),
                added: day(i.dates.added),
                modified: day(i.dates.modified),
                license: config.license.as_deref(),
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct AliasRow<'a> {
    pub name: &'a str,
    pub by: Option<&'a str>,
    pub note: Option<&'a str>,
}

#[derive(Serialize)]
pub struct CompanyRow<'a> {
    pub slug: &'a str,
    pub url: String,
    pub name: &'a str,
    pub aliases: Vec<AliasRow<'a>>,
    pub sector: Option<&'a str>,
    pub country: Option<&'a str>,
    pub website: Option<&'a str>,
    pub tally: usize,
    /// Its counted incidents by status.
    pub tally_by_status: BTreeMap<&'static str, usize>,
    pub incidents: usize,
    pub incidents_by_status: BTreeMap<&'static str, usize>,
    pub incident_slugs: Vec<&'a str>,
    pub actor_slugs: Vec<&'a str>,
    /// Each actor with the firmest status of the incidents tying it to the company.
    pub actors: Vec<TieRow<'a>>,
    pub added: Option<String>,
    pub modified: Option<String>,
    /// The data's licence, `license` in site.yaml (null when it says none).
    pub license: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ActorRow<'a> {
    pub slug: &'a str,
    pub url: String,
    pub name: &'a str,
    pub aliases: Vec<AliasRow<'a>>,
    pub kind: Option<&'a str>,
    pub country: Option<StatedRow<'a>>,
    pub sponsor: Option<StatedRow<'a>>,
    pub mitre: Option<&'a str>,
    pub first_seen: Option<String>,
    pub incidents: usize,
    pub incidents_by_status: BTreeMap<&'static str, usize>,
    pub incident_slugs: Vec<&'a str>,
    pub victim_slugs: Vec<&'a str>,
    /// Each victim with the firmest status of the incidents tying it to the actor.
    pub victims: Vec<TieRow<'a>>,
    pub victims_by_status: BTreeMap<&'static str, usize>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub added: Option<String>,
    pub modified: Option<String>,
    /// The data's licence, `license` in site.yaml (null when it says none).
    pub license: Option<&'a str>,
}

fn ties<'a>(list: &[Tie], slug: impl Fn(usize) -> &'a str) -> Vec<TieRow<'a>> {
    list.iter()
        .map(|t| TieRow {
            slug: slug(t.target),
            status: t.status.as_str(),
        })
        .collect()
}

fn aliases(list: &[crate::content::model::Alias]) -> Vec<AliasRow<'_>> {
    list.iter()
        .map(|a| AliasRow {
            name: &a.name,
            by: a.by.as_deref(),
            note: a.note.as_deref(),
        })
        .collect()
}

fn json<T: Serialize>(value: &T, what: &str) -> Result<Vec<u8>, Error> {
    // Compact: the files are for programs, and a third smaller than pretty-printed JSON.
    let mut out = serde_json::to_vec(value).map_err(|e| Error::internal(format!("cannot write {what}"), e))?;
    out.push(b'\n');
    Ok(out)
}

/// `(path, bytes)` of every data file.
pub fn files(lib: &Library, config: &Config) -> Result<Vec<(String, Vec<u8>)>, Error> {
    (0..DATA_FILES.len())
        .map(|n| Ok((DATA_FILES[n].to_string(), file(lib, config, n)?)))
        .collect()
}

/// The bytes of data file `n` (an index into [`DATA_FILES`]), made alone: a build writes each
/// as soon as it is made rather than holding them all.
pub fn file(lib: &Library, config: &Config, n: usize) -> Result<Vec<u8>, Error> {
    match DATA_FILES.get(n).copied() {
        Some("data/incidents.json") => json(&incident_rows(lib, config), "incidents.json"),
        Some("data/incidents.csv") => csv(&incident_rows(lib, config)),
        Some("data/companies.json") => json(&company_rows(lib, config), "companies.json"),
        Some("data/actors.json") => json(&actor_rows(lib, config), "actors.json"),
        other => Err(Error::internal(
            "cannot write a data file",
            format!("no data file {}", other.unwrap_or("out of range")),
        )),
    }
}

fn company_rows<'a>(lib: &'a Library, config: &'a Config) -> Vec<CompanyRow<'a>> {
    let base = config.base_path();
    lib.companies
        .iter()
        .map(|c| {
            let p = c.profile.as_ref();
            CompanyRow {
                slug: &c.slug,
                url: config.absolute(&format!("{base}/companies/{}/", c.slug)),
                name: &c.name,
                aliases: p.map(|p| aliases(&p.aliases)).unwrap_or_default(),
                sector: p.and_then(|p| p.sector.as_deref()),
                country: p.and_then(|p| p.country.as_deref()),
                website: p.and_then(|p| p.website.as_deref()),
                tally: c.tally,
                tally_by_status: by_status(
                    c.incidents
                        .iter()
                        .map(|&i| &lib.incidents[i].incident)
                        .filter(|i| i.counts())
                        .map(|i| i.status),
                ),
                incidents: c.incidents.len(),
                incidents_by_status: by_status(c.incidents.iter().map(|&i| lib.incidents[i].incident.status)),
                incident_slugs: c
                    .incidents
                    .iter()
                    .map(|&i| lib.incidents[i].incident.slug.as_str())
                    .collect(),
                actor_slugs: c.actors.iter().map(|a| lib.actors[a.target].slug.as_str()).collect(),
                actors: ties(&c.actors, |i| &lib.actors[i].slug),
                added: day(p.and_then(|p| p.dates.added)),
                modified: day(p.and_then(|p| p.dates.modified)),
                license: config.license.as_deref(),
            }
        })
        .collect()
}

fn actor_rows<'a>(lib: &'a Library, config: &'a Config) -> Vec<ActorRow<'a>> {
    let base = config.base_path();
    lib.actors
        .iter()
        .map(|a| {
            let p = a.profile.as_ref();
            ActorRow {
                slug: &a.slug,
                url: config.absolute(&format!("{base}/actors/{}/", a.slug)),
                name: &a.name,
                aliases: p.map(|p| aliases(&p.aliases)).unwrap_or_default(),
                kind: p.and_then(|p| p.kind.as_deref()),
                country: p.and_then(|p| Some(stated_row(p.country.as_ref()?, &p.sources))),
                sponsor: p.and_then(|p| Some(stated_row(p.sponsor.as_ref()?, &p.sources))),
                mitre: p.and_then(|p| p.mitre.as_deref()),
                first_seen: p.and_then(|p| p.first_seen).map(|d| d.iso()),
                incidents: a.incidents.len(),
                incidents_by_status: by_status(a.incidents.iter().map(|&i| lib.incidents[i].incident.status)),
                incident_slugs: a
                    .incidents
                    .iter()
                    .map(|&i| lib.incidents[i].incident.slug.as_str())
                    .collect(),
                victim_slugs: a
                    .victims
                    .iter()
                    .map(|v| lib.companies[v.target].slug.as_str())
                    .collect(),
                victims: ties(&a.victims, |i| &lib.companies[i].slug),
                victims_by_status: by_status(a.victims.iter().map(|v| v.status)),
                first: a.first.map(|d| d.iso()),
                last: a.last.map(|d| d.iso()),
                added: day(p.and_then(|p| p.dates.added)),
                modified: day(p.and_then(|p| p.dates.modified)),
                license: config.license.as_deref(),
            }
        })
        .collect()
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 28] = [
    "slug",
    "url",
    "title",
    "disclosed",
    "occurred_from",
    "occurred_to",
    "companies",
    "company_slugs",
    "actors",
    "actor_slugs",
    "campaign",
    "campaign_slug",
    "status",
    "types",
    "records_count",
    "records_unit",
    "records_approximate",
    "data",
    "tally",
    "counted",
    "ordinals",
    "summary",
    "source_urls",
    "source_publishers",
    "last_updated",
    "added",
    "modified",
    "attributions",
];

/// A cell as a spreadsheet shows it: one that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula by Excel, LibreOffice and Google Sheets (a title
/// such as `=HYPERLINK(...)` becomes a link a reader may click), so it gets a leading `'`, as
/// OWASP advises. The JSON files keep every value as written.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn csv(rows: &[IncidentRow]) -> Result<Vec<u8>, Error> {
    let err = |e: csv::Error| Error::internal("cannot write incidents.csv", e);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS).map_err(err)?;
    let join = |v: &[&str]| v.join("; ");
    for r in rows {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let record: Vec<String> = vec![
            r.slug.into(),
            r.url.clone(),
            r.title.into(),
            r.disclosed.clone(),
            opt(&r.occurred_from),
            opt(&r.occurred_to),
            join(&r.companies),
            join(&r.company_slugs),
            join(&r.actors),
            join(&r.actor_slugs),
            r.campaign.unwrap_or_default().into(),
            r.campaign_slug.unwrap_or_default().into(),
            r.status.into(),
            r.types.join("; "),
            r.records_count.map(|c| c.to_string()).unwrap_or_default(),
            r.records_unit.unwrap_or_default().into(),
            r.records_approximate.map(|b| b.to_string()).unwrap_or_default(),
            r.data.join("; "),
            r.tally.to_string(),
            r.counted.to_string(),
            r.ordinals
                .iter()
                .map(|o| format!("{}: {}", o.company, o.ordinal))
                .collect::<Vec<_>>()
                .join("; "),
            r.summary.unwrap_or_default().into(),
            // One place per source in both columns, an empty one for a source without an
            // address, so that the n-th address is the n-th publisher's.
            r.sources
                .iter()
                .map(|s| s.url.unwrap_or_default())
                .collect::<Vec<_>>()
                .join("; "),
            r.sources.iter().map(|s| s.publisher).collect::<Vec<_>>().join("; "),
            r.last_updated.clone(),
            opt(&r.added),
            opt(&r.modified),
            r.attributions
                .iter()
                .map(|a| {
                    let mut text = a.actor.to_string();
                    if let Some(by) = a.claim.by {
                        text.push_str(&format!(" by {by}"));
                    }
                    match a.claim.confidence {
                        Some("confirmed") => text.push_str(" (confirmed)"),
                        Some(c) => text.push_str(&format!(" ({c} confidence)")),
                        None => {}
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join("; "),
        ];
        w.write_record(record.iter().map(|cell| spreadsheet_safe(cell).into_owned()))
            .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| Error::internal("cannot write incidents.csv", e))
}
