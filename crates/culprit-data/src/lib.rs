//! culprit-data: the upstream source registry, the mirror and download cache, the upstream
//! parsers, the compiled reference catalog, the exposure model and the named assumptions.

pub mod assumptions;
