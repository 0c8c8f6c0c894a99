//! Helpers shared by the CLI integration tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// True when the data mirror is there; in CI (CI=true) a missing mirror fails the test.
pub fn mirror_present() -> bool {
    let reg = culprit_data::Registry::builtin().unwrap();
    if reg.locate("gpts_labels").is_ok() {
        return true;
    }
    assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "the data mirror is missing in CI");
    eprintln!("skipping: no data mirror");
    false
}

/// Run the binary in `dir`: (success, stdout, stderr).
pub fn culprit_in(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_culprit")).current_dir(dir).args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}
