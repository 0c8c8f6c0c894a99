//! culprit-evidence: company profiles, SEC XBRL facts, layoff events and WARN notices, the OEWS
//! industry baseline and the evidence scorecard for the three explanations of a layoff
//! (AI substitution, funding AI capital spending, correcting pandemic over-hiring).
//!
//! The library never prints: every analysis returns a typed, serialisable result.

pub mod assemble;
pub mod baseline;
pub mod catalog_exposure;
pub mod company_names;
pub mod error;
pub mod events;
pub mod exposure;
mod fmt;
pub mod ixbrl;
pub mod layoffs;
pub mod market;
pub mod mirror;
pub mod naics;
pub mod profile;
pub mod public_record;
pub mod scorecard;
pub mod sec_facts;
pub mod trend;
pub mod warn;
pub mod warn_letter;
pub mod xbrl;

pub use error::{EvidenceError, Issue, Result};
