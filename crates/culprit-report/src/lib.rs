//! culprit-report
