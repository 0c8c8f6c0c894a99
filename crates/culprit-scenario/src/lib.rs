//! culprit-scenario: a restructuring plan applied to an organisation, and what it really does:
//! who goes, what is saved, what work disappears with them and how much of it AI can do, what
//! lands on the people who stay, and the AI costs that plans ignore.
//!
//! [`spec`] reads the plan; [`engine::run`] applies it to an analysed organisation
//! ([`culprit_org::Analysis`]); [`economics`] prices it; [`privacy`] withholds what would reveal
//! the pay of a small group; [`output::write_outputs`] writes the tables and result.json.

pub mod economics;
pub mod engine;
pub mod output;
pub mod privacy;
pub mod result;
pub mod select;
pub mod spec;

pub use engine::{run, RunOptions, ScenarioError, ScenarioResult};
pub use output::write_outputs;
pub use spec::{parse_file, Scenario};
