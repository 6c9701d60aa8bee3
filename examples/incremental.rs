//! Times `tally serve`'s rebuild after one incident changes:
//! `cargo run --release --example incremental -- ROOT [RUNS]`. Used by benches/build.sh.
//! It edits `content/incidents/incident-0.md` (a synthetic tracker's) and puts it back, RUNS
//! times over (5 unless given), and prints the median of each step: the rebuild (read, check,
//! index, route table, which routes are stale), then the incident's own page rendered (what
//! `serve` does when the browser reloads it), then every other stale route rendered, which
//! `serve` otherwise does when a page is asked for.
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

// The allocator of the tally binary, whose `serve` this times.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: incremental ROOT [RUNS]"));
    let runs: usize = args.next().map_or(5, |n| n.parse().expect("RUNS is a number"));
    let opts = tally::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let (mut session, first) =
        tally::commands::session::Session::start(opts, Some("http://127.0.0.1:1111".into())).unwrap();
    let t = Instant::now();
    let files = session.pages().render_all().unwrap();
    eprintln!(
        "first build        {:>6} ms to read and index, {:>6} ms to render {files} files",
        first.elapsed.as_millis(),
        t.elapsed().as_millis()
    );
    let rel = PathBuf::from("content/incidents/incident-0.md");
    let page = "incidents/incident-0/index.html";
    let path = root.join(&rel);
    let original = fs::read_to_string(&path).unwrap();
    let edits = [
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
        (
            "company added",
            original.replace("companies: [", "companies: [Company 7, "),
        ),
        ("put back", original.clone()),
    ];
    // Per edit: rebuild, own page, all stale files; stale routes and files of the last run.
    let mut times: Vec<[Vec<Duration>; 3]> = edits.iter().map(|_| Default::default()).collect();
    let mut counts = vec![(0, 0, false); edits.len()];
    for _ in 0..runs {
        for (k, (_, text)) in edits.iter().enumerate() {
            fs::write(&path, text).unwrap();
            let t = Instant::now();
            let out = session.apply(std::slice::from_ref(&rel)).unwrap();
            let rebuilt = t.elapsed();
            assert!(session.pages().get(page).is_some(), "{page} is rendered");
            let own = t.elapsed() - rebuilt;
            // The incident's page was stale, so it is one of the files.
            let files = session.pages().render_all().unwrap() + 1;
            let [rebuild, own_page, all] = &mut times[k];
            rebuild.push(rebuilt);
            own_page.push(own);
            all.push(t.elapsed());
            counts[k] = (out.rendered, files, out.incremental);
        }
    }
    fs::write(&path, original).unwrap();
    for ((label, _), (times, (stale, files, incremental))) in edits.iter().zip(times.into_iter().zip(counts)) {
        let [rebuild, own, all] = times;
        eprintln!(
            "{label:<12} {:>6.1} ms to rebuild ({stale} stale routes, incremental: {incremental}), {:>5.1} ms to render its page, {:>7.1} ms in all with their {files} files rendered",
            median(rebuild),
            median(own),
            median(all),
        );
    }
    eprintln!("(medians of {runs} runs)");
}
