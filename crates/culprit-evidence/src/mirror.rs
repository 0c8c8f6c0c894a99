//! Where the read-only data mirror is: `$CULPRIT_MIRROR`, else `../shared/data` next to the
//! repository root.

use std::path::{Path, PathBuf};

/// The mirror directory, if it exists. `repo_root` is the repository root (the CLI passes the
/// current directory's ancestors; tests pass the workspace root).
pub fn locate(repo_root: Option<&Path>) -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CULPRIT_MIRROR") {
        let p = PathBuf::from(p);
        return p.is_dir().then_some(p);
    }
    let start = repo_root.map(Path::to_path_buf).or_else(|| std::env::current_dir().ok())?;
    // Walk up: the repository root is the first ancestor with ../shared/data beside it.
    for dir in start.ancestors() {
        let cand = dir.join("../shared/data");
        if cand.is_dir() {
            return Some(cand);
        }
    }
    None
}
