//! culprit-titles
