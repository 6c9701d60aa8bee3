//! Integration tests: the real `tally` binary on fixture trackers and on the shipped one.
//! One module per feature; fixtures live in `tests/fixtures/`. See tests/README.md.

mod badge;
mod build;
mod check;
mod drafts;
mod errors;
mod generated;
mod html;
mod incremental;
mod layout;
mod lean;
mod messages;
mod new_init;
mod output;
mod provenance;
mod publish;
mod reader;
mod reliability;
mod serve;
mod shipped;
mod stix;
mod util;
