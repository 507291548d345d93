//! The command line: clap types and dispatch. The only module that knows clap.
//!
//! Exit codes: 0 success, 1 the site has errors, 2 usage errors (clap's).
//!
//! May use: `pipeline`, `config`, `diagnostics`, `output` (writing).

mod build;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Cable builds a newsletter site of essays with cited sources.
#[derive(Debug, Parser)]
#[command(
    name = "cable",
    version,
    about = "Cable: a static-site generator for source-heavy newsletters",
    long_about = "Cable turns Markdown essays with TOML front matter (content/) into a static \
                  site (public/): essay pages with numbered sources, a paginated home page, \
                  an Atom feed, a sitemap. Run it in the folder that holds site.toml, or pass --root.",
    after_help = "Examples:\n  cable build                      build ./ into ./public\n  cable build --drafts -o /tmp/preview\n  cable check                      report problems, write nothing (for CI)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Check the site for errors and warnings, writing nothing.
    Check(SiteArgs),
}

/// Options shared by every command that reads a site.
#[derive(Debug, Args)]
struct SiteArgs {
    /// The site folder, holding site.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Include essays and pages marked draft = true.
    #[arg(long)]
    drafts: bool,
    /// Use this base URL instead of site.toml's (e.g. https://user.github.io/newsletter/).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: ROOT/public].
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
}

impl SiteArgs {
    fn options(&self) -> crate::config::Options {
        crate::config::Options {
            root: self.root.clone(),
            drafts: self.drafts,
            base_url: self.base_url.clone(),
        }
    }
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let output = args.output.unwrap_or_else(|| args.site.root.join("public"));
            build::build(&args.site.options(), Some(&output))
        }
        Command::Check(args) => build::build(&args.options(), None),
    }
}
