//! Cable's integration tests: one binary, one small fixture site per
//! behaviour (tests/fixtures/), each run through the real `cable` binary by
//! [`support::SiteTest`]. Snapshots live in tests/integration/snapshots/;
//! review changes with `cargo insta review` (or read the `.snap.new` files).
//!
//! Tests named `bug_…` expose a known bug: they fail until it is fixed
//! (and are renamed after the behaviour they then guard).

mod support;

mod build;
mod citations;
mod cli;
mod config;
mod content;
mod email;
mod feeds;
mod hosting;
mod output;
mod rebuild;
mod scaffold;
mod search;
mod search_index;
mod serve;
mod taxonomy;
