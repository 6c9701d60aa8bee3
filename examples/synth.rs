//! Writes a synthetic tracker for benchmarks: `cargo run --release --example synth -- DIR N [WIDE]`.
//! N incidents spread over N/5 companies, N/50 actors and N/200 campaigns, with profiles for
//! one company in ten and every actor, and write-ups of a few paragraphs. Deterministic.
//! With WIDE, one more incident names WIDE companies of its own (a supply-chain breach, the
//! case where each company page would otherwise list every other victim).

use std::fs;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: synth DIR N [WIDE]");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    let _ = fs::remove_dir_all(root);
    for sub in ["content/incidents", "content/companies", "content/actors"] {
        fs::create_dir_all(root.join(sub)).unwrap();
    }
    fs::write(
        root.join("site.yaml"),
        "title: Synthetic Tracker\nbase_url: https://user.github.io/tracker\ntally_rule: Everything counts.\n",
    )
    .unwrap();
    let companies = (n / 5).max(1);
    let actors = (n / 50).max(1);
    let campaigns = (n / 200).max(1);
    for c in (0..companies).step_by(10) {
        let text = format!("---\nname: Company {c}\naliases: [Co {c}, Former Name {c}]\nsector: Telecommunications\n---\nProfile of company {c}.\n");
        fs::write(root.join(format!("content/companies/company-{c}.md")), text).unwrap();
    }
    for a in 0..actors {
        let text = format!("---\nname: Actor {a}\naliases:\n  - name: Alias {a}\n    by: Vendor\nkind: criminal\nmitre: G{:04}\n---\nProfile of actor {a}.\n", a % 10000);
        fs::write(root.join(format!("content/actors/actor-{a}.md")), text).unwrap();
    }
    let mut seed: u64 = 42;
    let mut next = move |m: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let body = "An attacker reached internal systems and took customer data. The company said it had contained the intrusion.\n\nInvestigators said the group used stolen credentials. *Regulators* were told.\n\n- names\n- phone numbers\n";
    for i in 0..n {
        let year = 2005 + next(20);
        let month = 1 + next(12);
        let day = 1 + next(28);
        let c1 = next(companies);
        let c2 = next(companies);
        let a = next(actors);
        let company = if c1 % 10 == 0 && next(2) == 0 {
            format!("Co {c1}")
        } else {
            format!("Company {c1}")
        };
        let campaign = if next(4) == 0 {
            format!("campaign: Campaign {}\n", next(campaigns))
        } else {
            String::new()
        };
        let text = format!(
            "---\ntitle: Incident {i} at company {c1}\ndisclosed: {year}-{month:02}-{day:02}\noccurred: {year}-{month:02}\ncompanies: [{company}, Company {c2}]\nactors: [Actor {a}]\n{campaign}status: confirmed\nrecords: {{count: {}, unit: accounts, approximate: true}}\ndata: [names, phone numbers]\nsummary: Synthetic incident number {i}.\nsources:\n  - url: https://example.com/story/{i}\n    publisher: Example News\nupdates:\n  - date: {}-01-01\n    note: Revised.\n---\n{body}",
            1000 + next(1_000_000),
            year + 1
        );
        fs::write(root.join(format!("content/incidents/incident-{i}.md")), text).unwrap();
    }
    if let Some(wide) = args.get(3).and_then(|w| w.parse::<usize>().ok()) {
        let names: Vec<String> = (0..wide).map(|k| format!("Vendor Customer {k}")).collect();
        let text = format!(
            "---\ntitle: Supply-chain breach naming {wide} companies\ndisclosed: 2024-06-01\ncompanies: [{}]\nsummary: One vendor, many victims.\nsources:\n  - url: https://example.com/wide\n    publisher: Example News\n---\n{body}",
            names.join(", ")
        );
        fs::write(root.join("content/incidents/supply-chain-wide.md"), text).unwrap();
    }
}
