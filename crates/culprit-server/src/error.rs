//! Errors of the server, with their HTTP status. The API answers them as JSON
//! (`{"error": ..., "line": ..., "problems": [...]}`); the pages show the same message.

use crate::workspace::WorkspaceError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use culprit_org::validate::Problem;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    BadRequest(String),
    /// Input refused: an upload that is not an HRIS file or has problems, a scenario or a
    /// profile with errors. Nothing was stored.
    #[error("{message}")]
    Invalid { message: String, line: Option<usize>, problems: Vec<Problem> },
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Conflict { message: String, current_version: i64 },
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Internal(String),
}

impl ServerError {
    pub fn invalid(message: impl Into<String>) -> ServerError {
        ServerError::Invalid { message: message.into(), line: None, problems: Vec::new() }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::Conflict { .. } => StatusCode::CONFLICT,
            ServerError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (line, problems, current_version) = match self {
            ServerError::Invalid { line, problems, .. } => (*line, problems.iter().take(200).cloned().collect(), None),
            ServerError::Conflict { current_version, .. } => (None, Vec::new(), Some(*current_version)),
            _ => (None, Vec::new(), None),
        };
        let total = match self {
            ServerError::Invalid { problems, .. } => problems.len(),
            _ => 0,
        };
        ErrorBody { error: self.to_string(), status: self.status().as_u16(), line, problems, problems_total: total, current_version }
    }
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    #[serde(skip_serializing_if = "is_zero")]
    pub problems_total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}

impl From<WorkspaceError> for ServerError {
    fn from(e: WorkspaceError) -> Self {
        match e {
            WorkspaceError::NotFound(what) => ServerError::NotFound(format!("{what} not found")),
            WorkspaceError::Conflict { current, .. } => ServerError::Conflict { message: e.to_string(), current_version: current },
            other => ServerError::Internal(other.to_string()),
        }
    }
}

impl From<culprit_scenario::spec::SpecError> for ServerError {
    fn from(e: culprit_scenario::spec::SpecError) -> Self {
        let line = match &e {
            culprit_scenario::spec::SpecError::At { line, .. } => Some(*line),
            _ => None,
        };
        ServerError::Invalid { message: e.to_string(), line, problems: Vec::new() }
    }
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;
