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
    let Some(root) = repo_root else {
        // The same search as the source registry: above the working folder, the executable and
        // the source tree culprit was built from.
        return culprit_data::registry::default_mirrors().into_iter().find(|m| m.is_dir());
    };
    let start = root.to_path_buf();
    // Walk up: the repository root is the first ancestor with ../shared/data beside it.
    for dir in start.ancestors() {
        let cand = dir.join("../shared/data");
        if cand.is_dir() {
            return Some(cand);
        }
    }
    None
}
