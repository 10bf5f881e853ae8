//! kbpress: check and publish a knowledge base of Markdown support articles.
//!
//! The pipeline runs one way: [`load`] a KB into a [`site::Site`], [`check`] it into
//! diagnostics, [`render`] its pages, [`output`] them safely. The CLI ([`cli`]) is the only layer
//! that prints. See ARCHITECTURE.md.

pub mod audience;
pub mod check;
pub mod cli;
pub mod codeowners;
pub mod config;
pub mod diagnostic;
pub mod external;
pub mod feedback;
pub mod front_matter;
pub mod history;
pub mod import;
pub mod load;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod review;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod suggest;
pub mod urls;
pub mod variant;
