//! The end-to-end builds: every example built, installed and tested as its README says
//! (`cargo ci build`, `cargo ci offline`; minutes).
//!
//! Modules only import the base (lib.rs), the static checks and the modules listed above them
//! here.

pub mod rebuild;
pub mod release;

pub mod ladder;
pub mod site;
pub mod watch;

pub mod offline;

pub mod kit;
pub mod tools;

pub mod build;
pub mod rows;
