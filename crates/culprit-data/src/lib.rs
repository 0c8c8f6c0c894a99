//! culprit-data
