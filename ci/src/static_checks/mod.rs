//! The static checks of the renders: what the template renders, read and compared without
//! building anything (`cargo ci lint`, `cargo ci check`, `cargo ci bless`; seconds).
//!
//! Modules only import the base (lib.rs) and the modules listed above them here.

pub mod lint;
pub mod quotes;

pub mod golden;
pub mod mirror;

pub mod kits;
pub mod twins;

// What people read: each file encoded as its reader expects, each name it says there.
pub mod encodings;
pub mod reads;
