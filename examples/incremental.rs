//! Times `tally serve`'s rebuild after one incident changes:
//! `cargo run --release --example incremental -- ROOT`. Used by benches/build.sh.
//! It edits `content/incidents/incident-0.md` (a synthetic tracker's) and puts it back. Each
//! step reports the rebuild (read, check, index, route table, which routes are stale) and then
//! the rendering of every stale route, which `serve` otherwise does when a page is asked for.
use std::fs;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: incremental ROOT"));
    let opts = tally::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let (mut session, first) =
        tally::commands::session::Session::start(opts, Some("http://127.0.0.1:1111".into())).unwrap();
    let t = Instant::now();
    let files = session.pages().render_all().unwrap();
    eprintln!(
        "first build      {:>6} ms to read and index, {:>6} ms to render {files} files",
        first.elapsed.as_millis(),
        t.elapsed().as_millis()
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
        let t = Instant::now();
        let out = session.apply(std::slice::from_ref(&rel)).unwrap();
        let rebuilt = t.elapsed();
        let files = session.pages().render_all().unwrap();
        eprintln!(
            "{label:<16} {:>6.1} ms to rebuild ({} stale routes, incremental: {}), {:>6.1} ms in all with their {files} files rendered",
            rebuilt.as_secs_f64() * 1000.0,
            out.rendered,
            out.incremental,
            t.elapsed().as_secs_f64() * 1000.0,
        );
    }
    fs::write(&path, original).unwrap();
}
