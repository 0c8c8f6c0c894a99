//! culprit-evidence
