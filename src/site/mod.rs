//! Making and writing the site: pages rendered in memory from the indexed content
//! ([`render`]), the output folder written and swapped in whole ([`write`], the only code that
//! writes it), and the links between pages checked ([`links`]).

pub mod links;
pub mod render;
pub mod routes;
pub mod write;
