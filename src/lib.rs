//! Cable: a static-site generator for source-heavy newsletters.
//!
//! The build is a one-way pipeline; each arrow is a function from the
//! previous value to a new one, run by [`pipeline::build_site`]:
//!
//! ```text
//! site.toml ── config::load ──────────────► Config
//! content/  ── content::discover + load ──► Vec<Essay>, Vec<Page>        (parallel, per file)
//!              markdown::render_essay ────► (Essay, RenderedBody)         (parallel, citations, notes)
//!              site::Site::assemble ──────► Site                          (URLs, order, pagination)
//! themes/   ── render::render_pages ──────► Vec<OutputFile>               (Tera, parallel)
//!              output::Output::assemble ──► Output                        (+ feed, sitemap, static)
//!              output::write ─────────────► public/                       (atomic; `check` stops before)
//! ```
//! Problems travel alongside in a [`diagnostics::Diagnostics`] value.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
