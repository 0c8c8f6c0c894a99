//! culprit-scenario: a restructuring plan applied to an organisation, and what it really does:
//! who goes, what is saved, what work disappears with them and how much of it AI can do, what
//! lands on the people who stay, and the AI costs that plans ignore.

pub mod economics;
pub mod spec;
