//! culprit-postings
