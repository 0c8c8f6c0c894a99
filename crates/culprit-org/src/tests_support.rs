//! Small organisations for unit tests, built through the real import and validation path.

use crate::import::{import_path, no_progress, ImportOptions};
use crate::tree::Org;
use crate::validate::{validate, ValidateOptions};
use std::io::Write;

pub fn org_from_csv(csv: &str) -> Org {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(csv.as_bytes()).unwrap();
    let raw = import_path(f.path(), &ImportOptions::default(), &no_progress).unwrap();
    validate(raw, &ValidateOptions::default()).unwrap().0
}

/// (id, manager) pairs.
pub fn org_from(rows: &[(&str, &str)]) -> Org {
    let mut s = String::from("Employee ID,Manager ID\n");
    for (id, m) in rows {
        s.push_str(&format!("{id},{m}\n"));
    }
    org_from_csv(&s)
}

/// (id, manager, title, department, level, annual pay) rows.
pub fn org_with(rows: &[(&str, &str, &str, &str, &str, &str)]) -> Org {
    let mut s = String::from("Employee ID,Manager ID,Job Title,Department,Job Level,Annual Salary\n");
    for (id, m, t, d, l, p) in rows {
        s.push_str(&format!("{id},{m},{t},{d},{l},{p}\n"));
    }
    // Blank pay is a validation problem; tests that use it want the repaired org.
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(s.as_bytes()).unwrap();
    let raw = import_path(f.path(), &ImportOptions::default(), &no_progress).unwrap();
    validate(raw, &ValidateOptions { repair: true, ..Default::default() }).unwrap().0
}

/// A synthetic organisation (`culprit synth org`), through the real CSV import and validation.
pub fn synth_org(people: usize, seed: u64) -> Org {
    let s = crate::synth::generate(&crate::synth::SynthOptions { people, seed, corporate_only: false, pay: None }).unwrap();
    let f = tempfile::NamedTempFile::new().unwrap();
    s.write(f.path()).unwrap();
    let raw = import_path(f.path(), &ImportOptions::default(), &no_progress).unwrap();
    validate(raw, &ValidateOptions::default()).unwrap().0
}
