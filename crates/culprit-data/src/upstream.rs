//! Parsers for the upstream files: O*NET text files, GPTs-are-GPTs labels, Microsoft AI
//! applicability, BLS OEWS national estimates and the O*NET-SOC -> SOC 2018 crosswalk.
//!
//! Every parser checks the header by name, refuses ragged rows, bad numbers, unknown labels and
//! duplicated keys with the file and line, and never returns a silently shortened table.

use crate::error::{DataError, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One row of a delimited file, with its 1-based line number.
pub struct Row<'a> {
    pub file: &'a Path,
    pub line: u64,
    record: &'a csv::StringRecord,
    cols: &'a [usize],
    names: &'a [&'a str],
}

impl<'a> Row<'a> {
    /// The value of the i-th required column (in the order given to [`read_delimited`]).
    pub fn get(&self, i: usize) -> &'a str {
        self.record.get(self.cols[i]).unwrap_or("").trim()
    }

    pub fn err(&self, message: impl Into<String>, fix: impl Into<String>) -> DataError {
        DataError::malformed(self.file, self.line, message, fix)
    }

    pub fn parse_f64(&self, i: usize) -> Result<f64> {
        let v = self.get(i);
        v.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| {
            self.err(
                format!("column `{}` holds `{v}`, which is not a number", self.names[i]),
                "restore the original file from its publisher (see `culprit data status`)",
            )
        })
    }

    /// Task IDs are integers; pandas wrote them as `8823.0` in the label file.
    pub fn parse_task_id(&self, i: usize) -> Result<u32> {
        let v = self.get(i);
        let t = v.strip_suffix(".0").unwrap_or(v);
        t.parse::<u32>().map_err(|_| {
            self.err(format!("column `{}` holds `{v}`, which is not a task id", self.names[i]), "restore the original file")
        })
    }
}

/// Read a delimited file with a header, requiring the named columns; calls `f` for each row.
pub fn read_delimited(
    path: &Path,
    delimiter: u8,
    quoting: bool,
    required: &[&str],
    mut f: impl FnMut(&Row) -> Result<()>,
) -> Result<u64> {
    let file = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(quoting)
        .flexible(false)
        .has_headers(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 16, file));
    let headers = rdr.headers().map_err(|e| csv_err(path, e))?.clone();
    if headers.is_empty() || (headers.len() == 1 && headers.get(0).is_some_and(|h| h.trim().is_empty())) {
        return Err(DataError::malformed(path, 1, "the file is empty (no header line)", "restore the original file"));
    }
    let found: Vec<String> = headers.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect();
    let mut cols = Vec::with_capacity(required.len());
    let mut missing = Vec::new();
    for r in required {
        match found.iter().position(|h| h == r) {
            Some(i) => cols.push(i),
            None => missing.push(r.to_string()),
        }
    }
    if !missing.is_empty() {
        return Err(DataError::MissingColumns {
            file: path.into(),
            missing,
            found,
            fix: "this is not the expected release of the file; restore the original from its publisher".into(),
        });
    }
    let mut record = csv::StringRecord::new();
    let mut n = 0u64;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                let row = Row { file: path, line, record: &record, cols: &cols, names: required };
                f(&row)?;
                n += 1;
            }
            Err(e) => return Err(csv_err(path, e)),
        }
    }
    Ok(n)
}

fn csv_err(path: &Path, e: csv::Error) -> DataError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("the row has {len} fields where the header has {expected_len} (ragged or truncated row)")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    DataError::malformed(path, line, message, "restore the original file from its publisher (see `culprit data status`)")
}

fn duplicate(file: &Path, line: u64, key: &str, first: u64) -> DataError {
    DataError::malformed(
        file,
        line,
        format!("duplicated key `{key}` (first seen on line {first})"),
        "each key must appear once; restore the original file",
    )
}

/// Keeps the first line of each key and refuses a second one.
struct Unique<K>(HashMap<K, u64>);

impl<K: std::hash::Hash + Eq + std::fmt::Display> Unique<K> {
    fn new() -> Self {
        Unique(HashMap::new())
    }
    fn check(&mut self, file: &Path, line: u64, key: K) -> Result<()> {
        let text = key.to_string();
        if let Some(first) = self.0.insert(key, line) {
            return Err(duplicate(file, line, &text, first));
        }
        Ok(())
    }
}

fn check_onet_code(row: &Row, i: usize) -> Result<()> {
    let c = row.get(i);
    let b = c.as_bytes();
    let ok = b.len() == 10
        && b[2] == b'-'
        && b[7] == b'.'
        && b.iter().enumerate().all(|(k, ch)| k == 2 || k == 7 || ch.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(row.err(format!("`{c}` is not an O*NET-SOC code (NN-NNNN.NN)"), "restore the original file"))
    }
}

pub fn is_soc_code(c: &str) -> bool {
    let b = c.as_bytes();
    b.len() == 7 && b[2] == b'-' && b.iter().enumerate().all(|(k, ch)| k == 2 || ch.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// O*NET

#[derive(Debug, Clone, PartialEq)]
pub struct RawOccupation {
    pub code: String,
    pub title: String,
    pub description: String,
}

pub fn read_onet_occupations(path: &Path) -> Result<Vec<RawOccupation>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    read_delimited(path, b'\t', false, &["O*NET-SOC Code", "Title", "Description"], |r| {
        check_onet_code(r, 0)?;
        seen.check(r.file, r.line, r.get(0).to_string())?;
        out.push(RawOccupation { code: r.get(0).into(), title: r.get(1).into(), description: r.get(2).into() });
        Ok(())
    })?;
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TaskType {
    Core,
    Supplemental,
    /// O*NET gives no type (some tasks in older releases).
    Unrated,
}

impl TaskType {
    fn parse(row: &Row, i: usize) -> Result<Self> {
        match row.get(i) {
            "Core" => Ok(TaskType::Core),
            "Supplemental" => Ok(TaskType::Supplemental),
            "" | "n/a" => Ok(TaskType::Unrated),
            other => Err(row.err(format!("unknown task type `{other}` (expected Core, Supplemental or blank)"), "restore the original file")),
        }
    }

    /// The weight in occupation means: Core 2, Supplemental 1, unrated 1 (as the GPTs-are-GPTs
    /// authors' `coreweight` column does).
    pub fn weight(self) -> f64 {
        match self {
            TaskType::Core => 2.0,
            _ => 1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawTask {
    pub code: String,
    pub id: u32,
    pub text: String,
    pub kind: TaskType,
    pub line: u64,
}

pub fn read_onet_tasks(path: &Path) -> Result<Vec<RawTask>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    read_delimited(path, b'\t', false, &["O*NET-SOC Code", "Task ID", "Task", "Task Type"], |r| {
        check_onet_code(r, 0)?;
        let id = r.parse_task_id(1)?;
        seen.check(r.file, r.line, id)?;
        out.push(RawTask { code: r.get(0).into(), id, text: r.get(2).into(), kind: TaskType::parse(r, 3)?, line: r.line });
        Ok(())
    })?;
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TitleKind {
    /// The O*NET occupation title itself.
    Occupation,
    Alternate,
    /// The short form of an alternate title.
    Short,
    /// O*NET's sample of titles reported by incumbents.
    Reported,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawTitle {
    pub code: String,
    pub title: String,
    pub kind: TitleKind,
}

pub fn read_onet_alternate_titles(path: &Path) -> Result<Vec<RawTitle>> {
    let mut out = Vec::new();
    read_delimited(path, b'\t', false, &["O*NET-SOC Code", "Alternate Title", "Short Title"], |r| {
        check_onet_code(r, 0)?;
        if r.get(1).is_empty() {
            return Err(r.err("blank alternate title", "restore the original file"));
        }
        out.push(RawTitle { code: r.get(0).into(), title: r.get(1).into(), kind: TitleKind::Alternate });
        let short = r.get(2);
        if !short.is_empty() && short != "n/a" {
            out.push(RawTitle { code: r.get(0).into(), title: short.into(), kind: TitleKind::Short });
        }
        Ok(())
    })?;
    Ok(out)
}

pub fn read_onet_reported_titles(path: &Path) -> Result<Vec<RawTitle>> {
    let mut out = Vec::new();
    read_delimited(path, b'\t', false, &["O*NET-SOC Code", "Reported Job Title"], |r| {
        check_onet_code(r, 0)?;
        if r.get(1).is_empty() {
            return Err(r.err("blank reported title", "restore the original file"));
        }
        out.push(RawTitle { code: r.get(0).into(), title: r.get(1).into(), kind: TitleKind::Reported });
        Ok(())
    })?;
    Ok(out)
}

/// (O*NET-SOC code, task id, DWA id, line)
pub fn read_tasks_to_dwas(path: &Path) -> Result<Vec<(String, u32, String, u64)>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    read_delimited(path, b'\t', false, &["O*NET-SOC Code", "Task ID", "DWA ID"], |r| {
        check_onet_code(r, 0)?;
        let id = r.parse_task_id(1)?;
        seen.check(r.file, r.line, format!("{} {id} {}", r.get(0), r.get(2)))?;
        out.push((r.get(0).into(), id, r.get(2).into(), r.line));
        Ok(())
    })?;
    Ok(out)
}

/// (DWA id, DWA title)
pub fn read_dwa_reference(path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    read_delimited(path, b'\t', false, &["DWA ID", "DWA Title"], |r| {
        seen.check(r.file, r.line, r.get(0).to_string())?;
        out.push((r.get(0).into(), r.get(1).into()));
        Ok(())
    })?;
    Ok(out)
}

/// (O*NET-SOC code, job zone 1-5)
pub fn read_job_zones(path: &Path) -> Result<Vec<(String, u8)>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    read_delimited(path, b'\t', false, &["O*NET-SOC Code", "Job Zone"], |r| {
        check_onet_code(r, 0)?;
        seen.check(r.file, r.line, r.get(0).to_string())?;
        let z: u8 = r
            .get(1)
            .parse()
            .ok()
            .filter(|z| (1..=5).contains(z))
            .ok_or_else(|| r.err(format!("job zone `{}` is not 1-5", r.get(1)), "restore the original file"))?;
        out.push((r.get(0).into(), z));
        Ok(())
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// GPTs are GPTs

/// An exposure label of the rubric of Eloundou et al.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Label {
    /// No exposure.
    E0,
    /// An LLM alone cuts the time for the task by at least half at equal quality.
    E1,
    /// As E1, but only with extra software built on an LLM.
    E2,
}

impl Label {
    fn parse(row: &Row, i: usize) -> Result<Self> {
        match row.get(i) {
            "E0" => Ok(Label::E0),
            "E1" => Ok(Label::E1),
            "E2" => Ok(Label::E2),
            other => Err(row.err(format!("unknown exposure label `{other}` (expected E0, E1 or E2)"), "restore the original file")),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawLabel {
    pub code: String,
    pub task_id: u32,
    pub text: String,
    pub kind: TaskType,
    pub title: String,
    pub gpt4: Label,
    pub human: Label,
}

pub fn read_labels(path: &Path) -> Result<Vec<RawLabel>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    read_delimited(
        path,
        b'\t',
        true,
        &["O*NET-SOC Code", "Task ID", "Task", "Task Type", "Title", "gpt4_exposure", "human_exposure_agg"],
        |r| {
            check_onet_code(r, 0)?;
            let task_id = r.parse_task_id(1)?;
            seen.check(r.file, r.line, format!("{} task {task_id}", r.get(0)))?;
            out.push(RawLabel {
                code: r.get(0).into(),
                task_id,
                text: r.get(2).into(),
                kind: TaskType::parse(r, 3)?,
                title: r.get(4).into(),
                gpt4: Label::parse(r, 5)?,
                human: Label::parse(r, 6)?,
            });
            Ok(())
        },
    )?;
    Ok(out)
}

/// The published occupation-level file: code -> [gpt4 a, b, g, human a, b, g].
pub fn read_occ_level(path: &Path) -> Result<Vec<(String, [f64; 6])>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    let cols = [
        "O*NET-SOC Code",
        "dv_rating_alpha",
        "dv_rating_beta",
        "dv_rating_gamma",
        "human_rating_alpha",
        "human_rating_beta",
        "human_rating_gamma",
    ];
    read_delimited(path, b',', true, &cols, |r| {
        check_onet_code(r, 0)?;
        seen.check(r.file, r.line, r.get(0).to_string())?;
        let mut v = [0.0; 6];
        for (k, x) in v.iter_mut().enumerate() {
            *x = r.parse_f64(k + 1)?;
        }
        out.push((r.get(0).into(), v));
        Ok(())
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Microsoft "Working with AI"

pub fn read_ai_applicability(path: &Path) -> Result<Vec<(String, String, f64)>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    read_delimited(path, b',', true, &["SOC Code", "title", "ai_applicability_score"], |r| {
        if !is_soc_code(r.get(0)) {
            return Err(r.err(format!("`{}` is not a SOC code (NN-NNNN)", r.get(0)), "restore the original file"));
        }
        seen.check(r.file, r.line, r.get(0).to_string())?;
        let s = r.parse_f64(2)?;
        if !(0.0..=1.0).contains(&s) {
            return Err(r.err(format!("applicability score {s} is outside [0, 1]"), "restore the original file"));
        }
        out.push((r.get(0).into(), r.get(1).into(), s));
        Ok(())
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// BLS OEWS

#[derive(Debug, Clone, PartialEq)]
pub struct OewsRow {
    pub soc: String,
    pub title: String,
    /// major, minor, broad, detailed (or total for 00-0000)
    pub level: String,
    pub employment: Option<f64>,
    pub annual_mean: Option<f64>,
    pub annual_median: Option<f64>,
    pub hourly_mean: Option<f64>,
    pub hourly_median: Option<f64>,
    /// Footnotes such as `#` (wage at or above the top of the survey's range) that BLS prints
    /// instead of a number.
    pub footnotes: Vec<String>,
}

pub fn read_oews_national(path: &Path) -> Result<Vec<OewsRow>> {
    let mut out = Vec::new();
    let mut seen = Unique::new();
    let cols = ["soc_code", "occ_title", "occ_level", "tot_emp", "a_mean", "a_median", "h_mean", "h_median"];
    read_delimited(path, b',', true, &cols, |r| {
        let soc = r.get(0);
        if !is_soc_code(soc) {
            return Err(r.err(format!("`{soc}` is not a SOC code (NN-NNNN)"), "restore the original file"));
        }
        seen.check(r.file, r.line, soc.to_string())?;
        let mut footnotes = Vec::new();
        let mut num = |i: usize| -> Result<Option<f64>> {
            let v = r.get(i).replace(',', "");
            if v.is_empty() {
                return Ok(None);
            }
            // BLS publishes `*`, `**`, `#`, `-` and `~` in place of suppressed, top-coded or not
            // applicable estimates.
            if v.chars().all(|c| matches!(c, '*' | '#' | '-' | '~')) {
                footnotes.push(format!("{}={v}", cols[i]));
                return Ok(None);
            }
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(r.err(format!("column `{}` holds `{v}`, not a number or a BLS footnote", cols[i]), "restore the original file")),
            }
        };
        let employment = num(3)?;
        let annual_mean = num(4)?;
        let annual_median = num(5)?;
        let hourly_mean = num(6)?;
        let hourly_median = num(7)?;
        out.push(OewsRow {
            soc: soc.into(),
            title: r.get(1).into(),
            level: r.get(2).into(),
            employment,
            annual_mean,
            annual_median,
            hourly_mean,
            hourly_median,
            footnotes,
        });
        Ok(())
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Crosswalk

/// (O*NET-SOC 2019 code, SOC 2018 code, SOC 2018 title) from the O*NET crosswalk workbook.
pub fn read_onet_soc_crosswalk(path: &Path) -> Result<Vec<(String, String, String)>> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path).map_err(|e| DataError::malformed(path, 0, format!("cannot open workbook: {e}"), "restore the original file"))?;
    let sheet = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| DataError::malformed(path, 0, "the workbook has no sheet", "restore the original file"))?;
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| DataError::malformed(path, 0, format!("cannot read sheet `{sheet}`: {e}"), "restore the original file"))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let cell = |c: &Data| match c {
        Data::String(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    let mut header: Option<(usize, usize, usize)> = None;
    let mut out = Vec::new();
    let mut seen = Unique::new();
    let p: PathBuf = path.into();
    for (i, row) in range.rows().enumerate() {
        let line = first_row as u64 + i as u64 + 1;
        let cells: Vec<String> = row.iter().map(cell).collect();
        match header {
            None => {
                let find = |name: &str| cells.iter().position(|c| c == name);
                if let (Some(a), Some(b), Some(c)) = (find("O*NET-SOC 2019 Code"), find("2018 SOC Code"), find("2018 SOC Title")) {
                    header = Some((a, b, c));
                }
            }
            Some((a, b, c)) => {
                let onet = cells.get(a).cloned().unwrap_or_default();
                if onet.is_empty() {
                    continue;
                }
                let soc = cells.get(b).cloned().unwrap_or_default();
                if !is_soc_code(&soc) {
                    return Err(DataError::malformed(&p, line, format!("`{soc}` is not a SOC code"), "restore the original file"));
                }
                seen.check(&p, line, onet.clone())?;
                out.push((onet, soc, cells.get(c).cloned().unwrap_or_default()));
            }
        }
    }
    if header.is_none() {
        return Err(DataError::MissingColumns {
            file: p,
            missing: vec!["O*NET-SOC 2019 Code".into(), "2018 SOC Code".into(), "2018 SOC Title".into()],
            found: vec![],
            fix: "this is not the O*NET 2019-to-SOC crosswalk workbook".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn tasks_parse_and_refuse_bad_rows() {
        let d = tempfile::tempdir().unwrap();
        let h = "O*NET-SOC Code\tTask ID\tTask\tTask Type\tIncumbents Responding\n";
        let ok = write(d.path(), "t.txt", &format!("{h}11-1011.00\t1\tDo a thing\tCore\t9\n11-1011.00\t2\tOther\tSupplemental\t9\n"));
        let t = read_onet_tasks(&ok).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].kind, TaskType::Supplemental);
        assert_eq!(t[1].line, 3);

        let dup = write(d.path(), "dup.txt", &format!("{h}11-1011.00\t1\tA\tCore\t9\n11-1011.00\t1\tB\tCore\t9\n"));
        let e = read_onet_tasks(&dup).unwrap_err().to_string();
        assert!(e.contains("dup.txt:3") && e.contains("duplicated key `1`") && e.contains("line 2"), "{e}");

        let bad = write(d.path(), "bad.txt", &format!("{h}11-1011.00\tx12\tA\tCore\t9\n"));
        let e = read_onet_tasks(&bad).unwrap_err().to_string();
        assert!(e.contains("bad.txt:2") && e.contains("not a task id"), "{e}");

        let ragged = write(d.path(), "ragged.txt", &format!("{h}11-1011.00\t1\tA\tCore\t9\n11-1011.00\t2\n"));
        let e = read_onet_tasks(&ragged).unwrap_err().to_string();
        assert!(e.contains("ragged.txt:3") && e.contains("2 fields where the header has 5"), "{e}");

        let cols = write(d.path(), "cols.txt", "Code\tTask\n11-1011.00\tA\n");
        let e = read_onet_tasks(&cols).unwrap_err().to_string();
        assert!(e.contains("missing column") && e.contains("Task ID") && e.contains("\"Code\""), "{e}");

        let empty = write(d.path(), "empty.txt", "");
        assert!(read_onet_tasks(&empty).unwrap_err().to_string().contains("empty"));

        let kind = write(d.path(), "kind.txt", &format!("{h}11-1011.00\t1\tA\tMain\t9\n"));
        assert!(read_onet_tasks(&kind).unwrap_err().to_string().contains("unknown task type `Main`"));

        let code = write(d.path(), "code.txt", &format!("{h}11-101\t1\tA\tCore\t9\n"));
        assert!(read_onet_tasks(&code).unwrap_err().to_string().contains("not an O*NET-SOC code"));
    }

    #[test]
    fn labels_accept_pandas_task_ids_and_refuse_unknown_labels() {
        let d = tempfile::tempdir().unwrap();
        let h = "\tO*NET-SOC Code\tTask ID\tTask\tTask Type\tTitle\thuman_exposure_agg\tgpt4_exposure\n";
        let ok = write(d.path(), "l.tsv", &format!("{h}0\t11-1011.00\t8823.0\t\"Say \"\"hi\"\"\"\tCore\tCEO\tE0\tE2\n"));
        let l = read_labels(&ok).unwrap();
        assert_eq!(l[0].task_id, 8823);
        assert_eq!(l[0].text, "Say \"hi\"");
        assert_eq!((l[0].human, l[0].gpt4), (Label::E0, Label::E2));
        let bad = write(d.path(), "b.tsv", &format!("{h}0\t11-1011.00\t1.0\tA\tCore\tCEO\tE3\tE2\n"));
        let e = read_labels(&bad).unwrap_err().to_string();
        assert!(e.contains("b.tsv:2") && e.contains("unknown exposure label `E3`"), "{e}");
    }

    #[test]
    fn oews_reads_footnotes_and_refuses_bad_numbers() {
        let d = tempfile::tempdir().unwrap();
        let h = "soc_code,occ_title,occ_level,tot_emp,a_mean,a_median,h_mean,h_median\n";
        let ok = write(d.path(), "o.csv", &format!("{h}11-1011,Chief Executives,detailed,\"211,230\",262930,#,126.41,#\n"));
        let o = read_oews_national(&ok).unwrap();
        assert_eq!(o[0].employment, Some(211230.0));
        assert_eq!(o[0].annual_median, None);
        assert_eq!(o[0].footnotes, vec!["a_median=#", "h_median=#"]);
        let bad = write(d.path(), "b.csv", &format!("{h}11-1011,CE,detailed,12x,1,1,1,1\n"));
        assert!(read_oews_national(&bad).unwrap_err().to_string().contains("b.csv:2"));
    }
}
