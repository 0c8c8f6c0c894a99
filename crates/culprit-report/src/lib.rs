//! culprit-report: the one chart renderer (server-side SVG) and the self-contained HTML report
//! that the CLI writes and the dashboard serves, with the same content as JSON.

pub mod market;
pub mod report;
pub mod svg;

pub use report::{render_html, Report, Section};
