//! culprit-titles: job-title normalisation and the title -> SOC 2018 / O*NET-SOC coder.
pub mod abbreviations;
pub mod normalize;
