//! The answers to the template's questions: the table of names and values accepted and refused
//! (`cargo ci names`), each refusal earned (`cargo ci refusals`), a refused answer asked again in
//! a terminal (`cargo ci interactive`), and nothing a user has overwritten (`cargo ci overwrite`).
//!
//! Modules only import the base (lib.rs) and the modules listed above them here.

pub mod interactive;
pub mod names;
pub mod overwrite;
pub mod refusals;
