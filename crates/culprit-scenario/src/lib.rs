//! culprit-scenario: a restructuring plan applied to an organisation, and what it really does:
//! who goes, what is saved, what work disappears with them and how much of it AI can do, what
//! lands on the people who stay, and the AI costs that plans ignore.
//!
//! [`spec`] reads the plan; [`engine::run`] applies it to a [`culprit_org::tree::Org`] with its
//! title [`culprit_org::coder::Coding`]; [`economics`] prices it.

pub mod economics;
pub mod engine;
pub mod privacy;
pub mod select;
pub mod spec;

pub use engine::{run, run_with, Before, RunOptions, ScenarioError, ScenarioResult};
pub use spec::{parse_file, Scenario};
