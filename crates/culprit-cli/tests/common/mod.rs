//! Helpers shared by the CLI integration tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// True when the data mirror is there; in CI (CI=true) a missing mirror fails the test.
pub fn mirror_present() -> bool {
    culprit_data::registry::registry_for_tests().is_some()
}

/// Run the binary in `dir`: (success, stdout, stderr).
pub fn culprit_in(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_culprit")).current_dir(dir).args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}
