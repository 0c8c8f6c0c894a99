//! culprit-report: the one chart renderer (server-side SVG) and the self-contained HTML report
//! that the CLI writes and the dashboard serves.

pub mod svg;
