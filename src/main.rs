//! The `tally` binary: parses arguments, runs the library, and is the one place that prints
//! errors and picks the exit code (0 ok, 1 content errors, 2 usage or I/O errors, 3 internal failures).

mod cli;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{CheckArgs, Cli, Command, Format};
use tally::{diag, Diagnostic, Error};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Build(args) => {
            let waiting = |output: &std::path::Path| {
                let output = output.display().to_string();
                eprintln!(
                    "waiting for another build writing to {}/ ...",
                    output.trim_end_matches('/')
                );
            };
            let wait = if args.no_wait {
                tally::site::write::Wait::Refuse
            } else {
                tally::site::write::Wait::Block(&waiting)
            };
            let report = tally::build_with(&args.options(), wait)?;
            // What the site leaves out or may get wrong, said where it is easy to miss otherwise.
            let mut skipped = Vec::new();
            if report.held > 0 {
                skipped.push(format!("{} held back", report.held));
            }
            if report.drafts > 0 {
                skipped.push(format!("{} left out", count(report.drafts, "draft", "drafts")));
            }
            if report.warnings > 0 {
                skipped.push(format!(
                    "{}: run tally check",
                    count(report.warnings, "warning", "warnings")
                ));
            }
            let skipped = if skipped.is_empty() {
                String::new()
            } else {
                format!(" ({})", skipped.join(", "))
            };
            println!(
                "Built {} files ({}, {}, {}, {}) in {} ms into {} ({}, build date {}){skipped}",
                report.files,
                count(report.incidents, "incident", "incidents"),
                count(report.companies, "company", "companies"),
                count(report.actors, "actor", "actors"),
                count(report.campaigns, "campaign", "campaigns"),
                report.elapsed.as_millis(),
                report.output.display(),
                report.size(),
                report.today
            );
            if let Some((message, hint)) = report.pages_limit() {
                eprintln!("warning: {message}\n  hint: {hint}");
            }
            Ok(0)
        }
        Command::Check(args) => check(&args),
        Command::New(args) => {
            let opts = tally::BuildOptions {
                root: tally::root_or_current(args.root.as_deref()),
                drafts: true,
                ..Default::default()
            };
            let dated = args.disclosed.is_some();
            let disclosed = args
                .disclosed
                .unwrap_or_else(|| tally::content::model::PartialDate::Day(opts.today()));
            // The names the tracker knows, even if some files have errors.
            let analysis = tally::analyse(&opts, false)?;
            let req = tally::commands::new::Request {
                title: args.title,
                companies: args.companies,
                actors: args.actors,
                disclosed,
            };
            let created =
                tally::commands::new::create(&opts.root, &analysis.site.library, &analysis.incident_files, &req)?;
            for note in &created.notes {
                println!("note: {note}");
            }
            println!("Created {}", diag::display_path(&created.path));
            if !dated {
                println!(
                    "note: disclosed today, {disclosed}, as no --disclosed was given: if it became public another day, change `disclosed:` (and the date the file's name starts with)"
                );
            }
            println!("Fill it in, then check it with `tally check` and preview it with `tally serve`.");
            Ok(0)
        }
        Command::Init(args) => {
            let tally_git = args.tally_git.as_deref().or(tally::commands::init::default_tally_git());
            let created = tally::commands::init::init(&args.dir, tally_git)?;
            println!(
                "Created a new tracker in {} ({}).",
                args.dir.display(),
                count(created.written.len(), "file", "files")
            );
            for path in &created.appended {
                println!("Added tally's lines to {}", path.display());
            }
            for path in &created.skipped {
                println!(
                    "Skipped {} (it exists, and tally never overwrites a file)",
                    path.display()
                );
            }
            if created
                .written
                .iter()
                .any(|p| p.as_os_str() == tally::commands::init::GUIDE)
            {
                println!("The editors' guide is in {}.", tally::commands::init::GUIDE);
            }
            if created.needs_tally_git {
                println!(
                    "To publish, fill in the address of tally's git repository on this line of .github/workflows/pages.yml and checks.yml:\n  {}",
                    tally::commands::init::FILL_IN
                );
            }
            if args.dir == std::path::Path::new(".") {
                println!("Next: tally serve");
            } else {
                println!("Next: cd {} && tally serve", args.dir.display());
            }
            Ok(0)
        }
        Command::Serve(args) => serve(args),
    }
}

fn serve(args: cli::ServeArgs) -> Result<u8, Error> {
    let opts = tally::commands::serve::Options {
        build: args.site.options(),
        bind: args.bind.clone(),
        port: args.port,
        allowed_hosts: args.allowed_hosts.clone(),
    };
    if !is_loopback(&args.bind) {
        eprintln!(
            "warning: --bind {} can be reached from other computers: anyone on that network can read the drafts this server shows",
            args.bind
        );
        // Requests must still name a host the server answers to: this computer's name does
        // not reach it from elsewhere.
        if args.allowed_hosts.is_empty() && matches!(args.bind.as_str(), "0.0.0.0" | "::" | "[::]") {
            eprintln!(
                "note: other computers' requests are refused unless they name a host given with --allowed-host (this computer's address or name on the network)"
            );
        }
    }
    let server = tally::commands::serve::Server::start(opts)?;
    let url = server.url();
    println!("Serving {url} (press Ctrl-C to stop)");
    if args.open {
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("note: could not open a browser: {e}");
        }
    }
    // A closed terminal must not stop the server: what it prints may fail.
    let mut shown: Vec<Diagnostic> = Vec::new();
    for event in server.events() {
        match event {
            tally::commands::serve::Event::Rebuilt { pages, elapsed } => {
                let _ = writeln!(std::io::stdout(), "Rebuilt {pages} pages in {} ms", elapsed.as_millis());
            }
            tally::commands::serve::Event::Failed { error, last_good } => {
                report(&error);
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    if last_good {
                        "Still serving the last good build."
                    } else {
                        "Serving a page listing the errors until they are fixed."
                    }
                );
            }
            tally::commands::serve::Event::PageFailed { error } => {
                report(&error);
                let _ = writeln!(std::io::stderr(), "The page shows this error until it is fixed.");
            }
            tally::commands::serve::Event::Moved { url } => {
                let _ = writeln!(
                    std::io::stdout(),
                    "site.yaml moved the site: now serving {url} (the old address redirects there)"
                );
            }
            // The list when it changed; its count after every other rebuild, so that a long
            // list does not push the errors out of sight.
            tally::commands::serve::Event::Warnings(warnings) if !warnings.is_empty() => {
                let mut err = std::io::stderr();
                if warnings == shown {
                    let _ = writeln!(err, "{} (listed above)", diag::summary(&warnings));
                } else {
                    let _ = write!(err, "{}", diag::render_human(&warnings, err.is_terminal()));
                    let _ = writeln!(err, "{}", diag::summary(&warnings));
                    shown = warnings;
                }
            }
            tally::commands::serve::Event::Warnings(_) => shown.clear(),
        }
    }
    Ok(0)
}

fn check(args: &CheckArgs) -> Result<u8, Error> {
    let mut opts = args.site.options();
    opts.base_url = args.base_url.clone();
    let analysis = tally::analyse(&opts, true)?;
    let mut diags: Vec<Diagnostic> = analysis.diagnostics.clone();
    let mut link_problems = 0;
    let mut html_problems = 0;
    let checker = if args.html {
        Some(tally::commands::html::Checker::from_env()?)
    } else {
        None
    };
    let pages = if (args.links || args.html) && !analysis.has_errors() {
        tally::render_site(&analysis.site)?
    } else {
        Vec::new()
    };
    // What would stop `build` in the templates (--links and --html rendered it already).
    if !(args.links || args.html || analysis.has_errors()) {
        diags.extend(tally::check_templates(&analysis.site));
    }
    if args.links && !analysis.has_errors() {
        let base = analysis.site.config.base_path().to_string();
        let broken = tally::site::links::check_pages(&pages, &base);
        link_problems = broken.len();
        for d in tally::site::links::diagnose(&broken, &opts.root, &analysis.site.library, &base) {
            // A write-up's link that plain `check` reported as a warning is said once, as an error.
            diags.retain(|k| {
                (&k.path, k.line, k.column) != (&d.path, d.line, d.column) || !k.message.starts_with("broken link")
            });
            diags.push(d);
        }
        diag::sort(&mut diags);
    }
    if let (Some(checker), false) = (&checker, analysis.has_errors()) {
        let found = tally::commands::html::check(&pages, &opts.root, &analysis.site.theme.templates, checker)?;
        html_problems = found.len();
        diags.extend(found);
    }
    let out = match args.format {
        Format::Human => diag::render_human(&diags, std::io::stdout().is_terminal()),
        Format::Json => diag::render_json(&diags),
        Format::Github => {
            // GitHub reads an annotation's file from the repository's root (the workspace),
            // where the tracker may be a folder (`--root site`, or the action's
            // working-directory).
            let from = std::env::var_os("GITHUB_WORKSPACE")
                .map(std::path::PathBuf::from)
                .or_else(|| std::env::current_dir().ok());
            let inside = from.and_then(|from| {
                let (root, from) = (opts.root.canonicalize().ok()?, from.canonicalize().ok()?);
                root.strip_prefix(&from).ok().map(std::path::Path::to_path_buf)
            });
            let moved: Vec<Diagnostic> = match inside.filter(|p| !p.as_os_str().is_empty()) {
                Some(prefix) => diags
                    .iter()
                    .cloned()
                    .map(|mut d| {
                        d.path = prefix.join(&d.path);
                        d
                    })
                    .collect(),
                None => diags.clone(),
            };
            diag::render_github(&moved)
        }
    };
    say(&out)?;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    // What --strict fails on: warnings about what the site publishes, not a draft's, nor the
    // notice that an entry is held back until its date (an embargo is meant).
    let in_draft = |d: &Diagnostic| analysis.drafts.contains(&d.path);
    let held_notice = |d: &Diagnostic| d.message.starts_with(tally::HELD_BACK);
    let warnings = (diags.iter())
        .filter(|d| !d.is_error() && !in_draft(d) && !held_notice(d))
        .count();
    let (drafted, held) = (
        diags.iter().any(|d| !d.is_error() && in_draft(d)),
        diags.iter().any(|d| !d.is_error() && held_notice(d)),
    );
    if args.format == Format::Human {
        let lib = &analysis.site.library;
        // Every file read is counted, and what the site leaves out is said.
        let files = analysis.incident_files.len();
        let read = lib.incidents.len() + analysis.held.len() + analysis.drafts.len();
        let mut left_out = format!("{} held back until their disclosure date", analysis.held.len());
        if !analysis.drafts.is_empty() {
            left_out.push_str(&format!(", {}", count(analysis.drafts.len(), "draft", "drafts")));
        }
        // Files that could not be read as incidents, and those whose error is with another
        // file (two of one address): each counted once.
        let erring: std::collections::HashSet<&std::path::Path> = diags
            .iter()
            .filter(|d| d.is_error() && analysis.incident_files.contains(&d.path))
            .map(|d| d.path.as_path())
            .collect();
        let with_errors = erring.len().max(files.saturating_sub(read));
        if with_errors > 0 {
            left_out.push_str(&format!(", {with_errors} with errors"));
        }
        let mut line = format!(
            "Checked {} ({left_out}): {}",
            count(files.max(read), "incident", "incidents"),
            diag::summary(&diags)
        );
        if args.strict && warnings == 0 && diags.len() > errors {
            line.push_str(match (drafted, held) {
                (true, false) => ", all in drafts, which --strict lets pass",
                (false, _) => ", all notices of entries held back until their date, which --strict lets pass",
                (true, true) => ", all in drafts or notices of entries held back, which --strict lets pass",
            });
        }
        if args.strict && warnings > 0 {
            let which = match (warnings, diags.len() - errors - warnings) {
                (1, 0) => "which fails".to_string(),
                (_, 0) => "which fail".to_string(),
                (w, _) => format!(
                    "{} of which{} {}",
                    w,
                    if drafted { " (not in drafts)" } else { "" },
                    if w == 1 { "fails" } else { "fail" }
                ),
            };
            line.push_str(&format!(", {which} the check with --strict"));
            if held {
                line.push_str(" (the notice of an entry held back until its date does not)");
            }
        }
        if args.links {
            line.push_str(&format!("; {}", count(link_problems, "broken link", "broken links")));
        }
        if args.html {
            line.push_str(&format!("; {}", count(html_problems, "HTML error", "HTML errors")));
        }
        say(&format!("{line} (build date {})\n", opts.today()))?;
    }
    Ok(if errors > 0 || (args.strict && warnings > 0) {
        1
    } else {
        0
    })
}

/// Writes a report to standard output. A reader that stops early (`tally check | head`) closes
/// the pipe: the rest is not wanted, which is no failure of the check.
fn say(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::internal("cannot write the report", e)),
        _ => Ok(()),
    }
}

/// Whether an address to listen on is reachable only from this computer.
fn is_loopback(bind: &str) -> bool {
    let bind = bind.trim_start_matches('[').trim_end_matches(']');
    bind.eq_ignore_ascii_case("localhost") || bind.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn report(e: &Error) {
    if let Error::Content(diags) = e {
        eprint!("{}", diag::render_human(diags, std::io::stderr().is_terminal()));
    }
    eprintln!("error: {e}");
}
