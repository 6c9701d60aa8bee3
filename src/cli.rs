//! The command line: one argument struct per subcommand, each turned into library options.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tally",
    // The crate's version and the commit it was built from (see build.rs).
    version = env!("TALLY_VERSION"),
    about = "Builds a breach tracker: incidents, companies and threat actors, as a static site."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (ROOT/public by default).
    Build(BuildArgs),
    /// Check the content and report every problem, without writing anything.
    Check(CheckArgs),
    /// Create a new incident file, with every field ready to fill in.
    New(NewArgs),
    /// Create a new tracker folder that builds at once.
    Init(InitArgs),
    /// Build, serve the site on this computer, and rebuild when a file changes.
    Serve(ServeArgs),
}

/// What every command that reads a tracker takes.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The tracker's folder, holding site.yaml and content/.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Include drafts, and incidents disclosed after the build date.
    #[arg(long)]
    pub drafts: bool,
    /// The build date (YYYY-MM-DD): incidents disclosed later are held back. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub now: Option<NaiveDate>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

/// A disclosure date as the incident file takes it: the day, or the month.
fn parse_disclosed(s: &str) -> Result<tally::content::model::PartialDate, String> {
    match tally::content::model::PartialDate::parse(s) {
        Ok(tally::content::model::PartialDate::Year(_)) => Err(format!(
            "`{s}` has only the year: write YYYY-MM-DD, or YYYY-MM if the day is not known"
        )),
        Ok(d) => Ok(d),
        Err(_) => Err(match tally::content::model::PartialDate::guess(s) {
            // `March 5, 2024`: the same date as the file takes it.
            Some(d) => format!("`{s}` is not a date written the way tally reads dates: write `--disclosed {d}`"),
            None => format!("`{s}` is not a date: write YYYY-MM-DD, or YYYY-MM if the day is not known"),
        }),
    }
}

impl SiteArgs {
    pub fn options(&self) -> tally::BuildOptions {
        tally::BuildOptions {
            root: tally::root_or_current(self.root.as_deref()),
            output: None,
            base_url: None,
            drafts: self.drafts,
            preview_drafts: false,
            now: self.now,
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The address the site is published at; replaces base_url from site.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Fail at once if another build is writing to the output folder, instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
}

impl BuildArgs {
    pub fn options(&self) -> tally::BuildOptions {
        tally::BuildOptions {
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            ..self.site.options()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:column: error: message`, the line and a hint.
    Human,
    /// One JSON object per line, per problem, for editors.
    Json,
    /// GitHub Actions annotations, shown on the lines of a pull request.
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail (exit 1) on warnings too (but not on those in drafts the site leaves out).
    #[arg(long)]
    pub strict: bool,
    /// How to print the problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also render the site in memory and report links that lead nowhere.
    #[arg(long)]
    pub links: bool,
    /// Also build the site into a temporary folder and check its pages, CSS and SVG with the
    /// Nu HTML Checker. Needs Java 11+ and the checker: set TALLY_VNU_JAR to the path of
    /// vnu.jar (`npm install vnu-jar` puts it in node_modules/vnu-jar/build/dist/), or put a
    /// `vnu` command on PATH (`npm install --global vnu-jar`).
    #[arg(long)]
    pub html: bool,
    /// The base URL to check links with; replaces base_url from site.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The headline, in quotes.
    pub title: String,
    /// A company hit; repeat for several.
    #[arg(long = "company", value_name = "NAME", required = true)]
    pub companies: Vec<String>,
    /// A threat actor; repeat for several.
    #[arg(long = "actor", value_name = "NAME")]
    pub actors: Vec<String>,
    /// The day it became public (YYYY-MM-DD), or the month (YYYY-MM) when the day is not
    /// known. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_disclosed)]
    pub disclosed: Option<tally::content::model::PartialDate>,
    /// The tracker's folder.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create, or a fresh clone to add the tracker to (`.`).
    pub dir: PathBuf,
    /// The address of tally's git repository, where the publishing workflows get tally's
    /// action from. Default: the repository tally was released from, when it names one.
    #[arg(long, value_name = "URL")]
    pub tally_git: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Only this computer can reach the default.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Also answer requests addressed to this host name (besides localhost, 127.0.0.1, [::1]
    /// and the --bind address); repeat for several.
    #[arg(long = "allowed-host", value_name = "HOST")]
    pub allowed_hosts: Vec<String>,
    /// Open the site in the web browser.
    #[arg(long)]
    pub open: bool,
}
