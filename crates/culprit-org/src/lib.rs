//! culprit-org
