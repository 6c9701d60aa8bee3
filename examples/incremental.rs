//! Times `tally serve`'s rebuild after one incident changes:
//! `cargo run --release --example incremental -- ROOT`. Used by benches/build.sh.
//! It edits `content/incidents/incident-0.md` (a synthetic tracker's) and puts it back.
use std::fs;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: incremental ROOT"));
    let opts = tally::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let (mut session, first) =
        tally::commands::session::Session::start(opts, Some("http://127.0.0.1:1111".into())).unwrap();
    eprintln!(
        "first build      {:>6} ms ({} pages)",
        first.elapsed.as_millis(),
        first.rendered
    );
    let rel = PathBuf::from("content/incidents/incident-0.md");
    let path = root.join(&rel);
    let original = fs::read_to_string(&path).unwrap();
    for (label, text) in [
        (
            "title edited",
            original.replace("title: Incident 0", "title: Incident zero"),
        ),
        (
            "date moved",
            original
                .replace("disclosed: ", "disclosed: 2001-01-01\nx_old: ")
                .replace("\nx_old: ", "\n# "),
        ),
        ("put back", original.clone()),
    ] {
        fs::write(&path, text).unwrap();
        let out = session.apply(std::slice::from_ref(&rel)).unwrap();
        eprintln!(
            "{label:<16} {:>6} ms ({} pages, incremental: {})",
            out.elapsed.as_millis(),
            out.rendered,
            out.incremental
        );
    }
    fs::write(&path, original).unwrap();
}
