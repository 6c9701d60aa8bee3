//! What the command line offers on top of the pipeline: `serve` and its rebuilding
//! [`session`], `new`, `init`, and the checks behind `check` ([`lint`] for what is probably a
//! mistake, [`html`] for the Nu HTML Checker).

pub mod html;
pub mod init;
pub(crate) mod lint;
pub mod new;
pub mod serve;
pub mod session;
