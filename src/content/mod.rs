//! Reading and checking a tracker: the site's settings ([`config`]), the checked model
//! ([`model`]), the files as read ([`load`], the only code that reads the content tree), the
//! checks that turn them into the model ([`validate`], with [`yaml`] for positions), and the
//! index of names, tallies and timelines ([`index`]). Nothing here knows about pages.

pub mod config;
pub mod index;
pub mod keys;
pub mod load;
pub mod model;
pub mod validate;
pub mod yaml;
