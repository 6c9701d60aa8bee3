//! Times each stage of the pipeline on a tracker: `cargo run --release --example phases -- ROOT OUT`.
//! Used by benches/build.sh.
use std::path::PathBuf;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(&args[1]);
    let out = PathBuf::from(&args[2]);
    let t = Instant::now();
    let tree = tally::content::load::load(&root).unwrap();
    eprintln!("load     {:>6} ms", t.elapsed().as_millis());
    let t = Instant::now();
    let (checked, diags) = tally::content::validate::validate(&tree);
    assert!(diags.is_empty());
    eprintln!("validate {:>6} ms", t.elapsed().as_millis());
    let t = Instant::now();
    let (lib, _) = tally::content::index::index(checked.incidents, checked.companies, checked.actors);
    eprintln!("index    {:>6} ms", t.elapsed().as_millis());
    let t = Instant::now();
    let theme = tally::site::render::Theme::with_overrides(&tree.templates, &tree.statics);
    let pages = tally::site::render::render(&lib, &checked.config, &theme).unwrap();
    eprintln!(
        "render   {:>6} ms ({} pages, {} MB)",
        t.elapsed().as_millis(),
        pages.len(),
        pages.iter().map(|p| p.bytes.len()).sum::<usize>() / 1_000_000
    );
    let t = Instant::now();
    let lock = tally::site::write::lock(&out, tally::site::write::Wait::Refuse).unwrap();
    tally::site::write::write(&lock, &root, &pages).unwrap();
    eprintln!("write    {:>6} ms", t.elapsed().as_millis());
}
