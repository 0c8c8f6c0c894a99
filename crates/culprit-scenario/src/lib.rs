//! culprit-scenario
