//! The command line: one argument struct per subcommand, each a thin call into the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tally",
    version,
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
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The tracker's folder, holding site.yaml and content/.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the site.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The address the site is published at; replaces base_url from site.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include incidents marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl BuildArgs {
    pub fn options(&self) -> tally::BuildOptions {
        tally::BuildOptions {
            root: tally::root_or_current(self.root.as_deref()),
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
        }
    }
}
