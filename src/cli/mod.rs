//! The command line: clap types and dispatch. The only module that knows clap.
//!
//! Exit codes: 0 success, 1 the site has errors, 2 usage errors (clap's).
//!
//! May use: `pipeline`, `config`, `diagnostics`, `output` (writing, the
//! email edition), `scaffold` (`new`, `init`), `serve`, `site`.

mod build;
mod email;
mod init;
mod new;
mod serve;

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
    after_help = "Examples:\n  cable init my-newsletter         start a new site in ./my-newsletter\n  cable new \"Moscow adapts\"        start a draft essay in content/essays/\n  cable build                      build ./ into ./public\n  cable build --drafts -o /tmp/preview\n  cable check                      report problems, write nothing (for CI)"
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
    /// Serve the site with drafts on 127.0.0.1, rebuilding and reloading on change.
    #[command(
        long_about = "Serve the site, drafts included, on http://127.0.0.1:1111/ from memory \
                      (nothing is written; public/ is left alone). Watches content/, themes/, \
                      templates/, static/ and site.toml: each change rebuilds the site and \
                      reloads open tabs, keeping their scroll position (a stylesheet change is \
                      swapped in without a reload). A build error is shown in the terminal and \
                      over every open tab; the last good build stays up until it is fixed.",
        after_help = "Examples:\n  cable serve                      http://127.0.0.1:1111/\n  cable serve --port 0 --open      any free port, opened in the browser\n  cable serve --base-url /newsletter/   serve under a path, as it will be hosted"
    )]
    Serve(ServeArgs),
    /// Start a new essay: content/essays/{slug}.md, a draft dated today.
    #[command(
        long_about = "Start a new essay: writes content/essays/{slug}.md (the slug made from the \
                      title) with its front matter filled in: the title, today's date, draft = true, \
                      the tags and author given, and a commented example source to copy. Prints the \
                      file's path. Never overwrites an existing file.",
        after_help = "Examples:\n  cable new \"Türkiye's drones\" --tags Türkiye,NATO --author \"Mara Lindqvist\"\n  $EDITOR \"$(cable new 'Moscow adapts')\"\n\nDrafts are built by `cable build --drafts`; delete the draft line to publish."
    )]
    New(NewArgs),
    /// Create a new site in DIR that builds at once.
    #[command(
        long_about = "Create a new site in DIR (made if missing; it must be empty): a site.toml \
                      with every setting explained, a first essay that cites a source, an About \
                      page and a .gitignore. The site uses the default theme built into cable; \
                      --theme-copy also copies that theme into DIR/themes/default/ for editing.",
        after_help = "Example:\n  cable init my-newsletter && cd my-newsletter && cable build"
    )]
    Init(InitArgs),
    /// Print an essay's email edition (HTML, or --text) for pasting into a newsletter provider.
    #[command(
        long_about = "Print the email edition of an essay to stdout: self-contained HTML with \
                      every style inlined, absolute links, the Sources and the support block as \
                      buttons (the same file as essays/ESSAY/email.html in the built site), or \
                      with --text the plain-text version wrapped at 72 columns. Paste it into \
                      Buttondown, Substack or Ghost. The site is built in memory; nothing is written.",
        after_help = "Examples:\n  cable email red-sea-shipping | pbcopy          HTML, for the provider's HTML editor\n  cable email content/essays/red-sea-shipping.md --text\n  cable email /essays/red-sea-shipping/ > issue.html"
    )]
    Email(EmailArgs),
}

#[derive(Debug, Args)]
struct EmailArgs {
    /// The essay: its slug, its file (or bundle folder) or its URL.
    #[arg(value_name = "PATH-OR-SLUG")]
    essay: String,
    /// Print the plain-text version instead of the HTML.
    #[arg(long)]
    text: bool,
    #[command(flatten)]
    site: SiteArgs,
}

#[derive(Debug, Args)]
struct NewArgs {
    /// The essay's title (quote it); the file name is made from it.
    #[arg(value_name = "TITLE")]
    title: String,
    /// Tags, separated by commas: --tags Russia,NATO
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    tags: Vec<String>,
    /// The author, when not the site's default author.
    #[arg(long, value_name = "NAME")]
    author: Option<String>,
    /// The site folder, holding site.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The site folder, holding site.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(short, long, value_name = "N", default_value_t = crate::serve::DEFAULT_PORT)]
    port: u16,
    /// The address to listen on; anything but 127.0.0.1 shows the site (and its drafts) to the network.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Serve under this URL's path, as the site will be hosted (e.g. https://user.github.io/newsletter/).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The folder of the new site (created if missing; must be empty).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Also copy the built-in default theme into DIR/themes/default/ for editing.
    #[arg(long)]
    theme_copy: bool,
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
            skip_search: false,
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
        Command::Serve(args) => serve::serve(&crate::serve::ServeOptions {
            root: args.root,
            bind: args.bind,
            port: args.port,
            base_url: args.base_url,
            open: args.open,
        }),
        Command::New(args) => new::new(
            &args.root,
            &crate::scaffold::NewEssay {
                title: args.title,
                tags: args.tags,
                author: args.author,
            },
        ),
        Command::Init(args) => init::init(&args.dir, args.theme_copy),
        Command::Email(args) => email::email(&args.site.options(), &args.essay, args.text),
    }
}
