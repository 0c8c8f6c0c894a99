//! Reading a multipart upload: text fields in memory, the file streamed to a private temporary
//! folder with a size limit. Nothing reaches the workspace from here: the caller validates the
//! file first and stores it only if it passes.

use crate::error::{Result, ServerError};
use axum::extract::Multipart;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

pub struct Upload {
    pub fields: BTreeMap<String, String>,
    pub file: Option<UploadedFile>,
    /// Removed when the upload is dropped.
    pub dir: tempfile::TempDir,
}

pub struct UploadedFile {
    /// The name the browser gave (sanitised), used in messages.
    pub name: String,
    pub path: PathBuf,
    pub bytes: u64,
}

impl Upload {
    pub fn field(&self, k: &str) -> Option<&str> {
        self.fields.get(k).map(|s| s.as_str()).filter(|s| !s.trim().is_empty())
    }

    pub fn flag(&self, k: &str) -> bool {
        matches!(self.field(k), Some("1" | "true" | "on" | "yes"))
    }

    /// The file's text (for TOML uploads), or the text field `text_field` when no file came.
    pub fn text(&self, text_field: &str) -> Result<Option<(String, String)>> {
        if let Some(f) = &self.file {
            let bytes = std::fs::read(&f.path).map_err(|e| ServerError::Internal(format!("reading the upload: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|_| ServerError::invalid(format!("{}: not a UTF-8 text file", f.name)))?;
            return Ok(Some((f.name.clone(), text)));
        }
        Ok(self.field(text_field).map(|t| (String::new(), t.to_string())))
    }

    /// Replace the temporary path in a message by the uploaded file's name.
    pub fn clean_message(&self, msg: &str) -> String {
        match &self.file {
            Some(f) => msg.replace(&f.path.display().to_string(), &f.name).replace(&self.dir.path().display().to_string(), ""),
            None => msg.to_string(),
        }
    }
}

/// A file name safe to use inside our temporary folder: the last path component, with only
/// letters, digits, dot, dash and underscore.
pub fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let s: String = base.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "upload".into()
    } else {
        s.chars().take(120).collect()
    }
}

/// Read every part; the first part with a file name is the file. Over `limit` bytes: 413.
pub async fn read(mut mp: Multipart, limit: u64) -> Result<Upload> {
    let dir = tempfile::Builder::new().prefix("culprit-upload-").tempdir().map_err(|e| ServerError::Internal(format!("temporary folder: {e}")))?;
    let mut fields = BTreeMap::new();
    let mut file: Option<UploadedFile> = None;
    let too_large = || ServerError::TooLarge(format!("the upload is larger than the limit of {} MB (culprit serve --max-upload-mb)", limit / (1024 * 1024)));
    loop {
        let next = mp.next_field().await.map_err(|e| multipart_error(e, &too_large))?;
        let Some(mut field) = next else { break };
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(|s| s.to_string()) {
            Some(fname) if file.is_none() && !fname.is_empty() => {
                let clean = safe_name(&fname);
                let path = dir.path().join(&clean);
                let mut out = std::fs::File::create(&path).map_err(|e| ServerError::Internal(format!("temporary file: {e}")))?;
                let mut bytes = 0u64;
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, &too_large))? {
                    bytes += chunk.len() as u64;
                    if bytes > limit {
                        return Err(too_large());
                    }
                    out.write_all(&chunk).map_err(|e| ServerError::Internal(format!("temporary file: {e}")))?;
                }
                out.flush().map_err(|e| ServerError::Internal(format!("temporary file: {e}")))?;
                file = Some(UploadedFile { name: clean, path, bytes });
            }
            Some(_) => {
                // A second file, or an empty file input: drained and ignored.
                while field.chunk().await.map_err(|e| multipart_error(e, &too_large))?.is_some() {}
            }
            None => {
                let text = field.text().await.map_err(|e| multipart_error(e, &too_large))?;
                if text.len() as u64 > limit {
                    return Err(too_large());
                }
                fields.insert(name, text);
            }
        }
    }
    Ok(Upload { fields, file, dir })
}

fn multipart_error(e: axum::extract::multipart::MultipartError, too_large: &dyn Fn() -> ServerError) -> ServerError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        ServerError::BadRequest(format!("malformed upload: {}", e.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\me\\org chart.csv"), "org_chart.csv");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name(""), "upload");
    }
}
