//! WARN letters with their list of affected job titles, as some states publish them (Washington's
//! letters from Amazon in October and December 2025 list every title per facility). The letter's
//! text (from `pdftotext -layout`) is the primary record: its stated total, the facilities with
//! their approximate counts, the remote employees, and the enclosed table "Facility, Job Title,
//! Number of Affected Employees Holding Job Title". A third party's CSV extraction of the same
//! tables, when given, is checked against the letters facility by facility, and every
//! difference is stated.
//!
//! Then every title is coded to an occupation and the exposure of the roles actually cut is
//! computed: by title, by facility and by occupation, people-weighted.

use crate::error::{EvidenceError, Issue, Result};
use crate::exposure::RoleExposure;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One facility named in a letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facility {
    pub id: String,
    pub address: String,
    /// "approximately N employees affected".
    pub approx: u64,
}

/// One row of the enclosed table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TitleRow {
    pub facility: String,
    pub title: String,
    pub count: u64,
    /// Line in the letter's text.
    pub line: usize,
}

/// One letter, read.
#[derive(Debug, Clone, Serialize)]
pub struct WarnLetter {
    pub origin: String,
    /// "Received 10/28/25" stamp, else the letter's date.
    pub received: Option<NaiveDate>,
    /// "approximately N employees will be separated".
    pub stated_total: Option<u64>,
    pub facilities: Vec<Facility>,
    /// "plus N affected remote employees".
    pub remote: Option<u64>,
    pub titles: Vec<TitleRow>,
    pub issues: Vec<Issue>,
}

impl WarnLetter {
    pub fn title_total(&self) -> u64 {
        self.titles.iter().map(|t| t.count).sum()
    }
    pub fn facility_total(&self) -> u64 {
        self.facilities.iter().map(|f| f.approx).sum::<u64>() + self.remote.unwrap_or(0)
    }
}

fn number(s: &str) -> Option<u64> {
    s.replace(',', "").trim().parse().ok()
}

/// "(approximately 61 employees affected)" -> 61.
fn approx_of(line: &str) -> Option<u64> {
    let l = line.to_ascii_lowercase();
    let i = l.find("(approximately ")? + "(approximately ".len();
    let rest = &l[i..];
    let j = rest.find(' ')?;
    number(&rest[..j])
}

/// Parse a letter's text.
pub fn parse_letter(text: &str, origin: &str) -> WarnLetter {
    let mut l = WarnLetter { origin: origin.to_string(), received: None, stated_total: None, facilities: Vec::new(), remote: None, titles: Vec::new(), issues: Vec::new() };
    let mut in_table = false;
    for (k, line) in text.lines().enumerate() {
        let lineno = k + 1;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if l.received.is_none() {
            if let Some(i) = lower.find("received ") {
                l.received = culprit_input::values::parse_date(&t[i + "received ".len()..], &Default::default()).date(None);
            }
        }
        if lower.starts_with("list of affected job titles") {
            in_table = true;
            continue;
        }
        if !in_table {
            if lower.contains(" facility at ") && lower.contains("(approximately") {
                // The word before "facility at" (lines may start with a bullet glyph).
                let id = t.split(" facility at ").next().and_then(|h| h.split_whitespace().last()).unwrap_or("").to_string();
                let address = t.split_once(" facility at ").map(|x| x.1).unwrap_or("");
                let address = address.split(" (approximately").next().unwrap_or("").trim().to_string();
                match approx_of(t) {
                    Some(n) => l.facilities.push(Facility { id, address, approx: n }),
                    None => l.issues.push(Issue::new(format!("{origin}:{lineno}"), format!("facility line without a count: {t:?}"))),
                }
            } else if let Some(i) = lower.find("plus ") {
                if lower.contains("remote") {
                    l.remote = lower[i + 5..].split_whitespace().next().and_then(number);
                }
            }
            if l.stated_total.is_none() {
                if let Some(i) = lower.find("approximately ") {
                    let rest = &lower[i + "approximately ".len()..];
                    if rest.contains("employees will be separated") {
                        l.stated_total = rest.split_whitespace().next().and_then(number);
                    }
                }
            }
            continue;
        }
        // The table: "FACILITY   Job Title ...   N", columns separated by two spaces or more.
        let cells: Vec<&str> = t.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
        if cells.len() >= 3 {
            if let Some(n) = number(cells[cells.len() - 1]) {
                let title = cells[1..cells.len() - 1].join(" ");
                l.titles.push(TitleRow { facility: cells[0].to_string(), title, count: n, line: lineno });
                continue;
            }
        }
        // Page headers of the table.
        if lower.starts_with("facility") || lower.starts_with("number of affected") {
            continue;
        }
        l.issues.push(Issue::new(format!("{origin}:{lineno}"), format!("a line of the title table that is not `facility, title, count`: {t:?}")));
    }
    l
}

/// A difference between two records of the same people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub what: String,
    pub letter: u64,
    pub other: u64,
}

/// The letters of one employer and what they add up to.
#[derive(Debug, Clone, Serialize)]
pub struct LetterSet {
    pub letters: Vec<WarnLetter>,
    /// Within each letter: stated total, facility counts and the title table compared.
    pub checks: Vec<Difference>,
    /// The CSV extraction compared with the letters, by letter and facility.
    pub extraction: Option<ExtractionCheck>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExtractionCheck {
    pub path: String,
    pub rows: usize,
    pub people: u64,
    pub differences: Vec<Difference>,
}

impl LetterSet {
    /// People on the letters' title tables (the primary record).
    pub fn people(&self) -> u64 {
        self.letters.iter().map(WarnLetter::title_total).sum()
    }
    /// People the letters state in all.
    pub fn stated(&self) -> u64 {
        self.letters.iter().map(|l| l.stated_total.unwrap_or_else(|| l.title_total())).sum()
    }
    /// (title, people) over all letters.
    pub fn title_counts(&self) -> Vec<(String, u64)> {
        let mut m: BTreeMap<&str, u64> = BTreeMap::new();
        for t in self.letters.iter().flat_map(|l| &l.titles) {
            *m.entry(t.title.as_str()).or_default() += t.count;
        }
        let mut v: Vec<(String, u64)> = m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

fn check_letter(l: &WarnLetter) -> Vec<Difference> {
    let mut out = Vec::new();
    let titles = l.title_total();
    if let Some(s) = l.stated_total {
        if s != titles {
            out.push(Difference { what: format!("{}: stated total vs the title table", l.origin), letter: s, other: titles });
        }
    }
    let fac = l.facility_total();
    if !l.facilities.is_empty() && fac != titles {
        out.push(Difference { what: format!("{}: facility counts (+ remote) vs the title table", l.origin), letter: fac, other: titles });
    }
    for f in &l.facilities {
        let n: u64 = l.titles.iter().filter(|t| t.facility.eq_ignore_ascii_case(&f.id)).map(|t| t.count).sum();
        if n != f.approx {
            out.push(Difference { what: format!("{}: facility {} (\"approximately {}\") vs its title rows", l.origin, f.id, f.approx), letter: f.approx, other: n });
        }
    }
    out
}

/// Read the letters (`*.pdftotext.txt` or `*.txt` in `dir`) and, when present, the CSV
/// extraction `impacts_by_facility.csv` (noticeId, facilityId, jobTitle..., affectedCount),
/// matched to the letters by the set of facilities and their counts.
pub fn read_letters(dir: &Path) -> Result<LetterSet> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| EvidenceError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(EvidenceError::Invalid(format!("{}: no letter text (*.txt, e.g. from `pdftotext -layout letter.pdf`)", dir.display())));
    }
    let mut letters = Vec::new();
    for p in &paths {
        let text = std::fs::read(p).map_err(|e| EvidenceError::io(p, e))?;
        let l = parse_letter(&String::from_utf8_lossy(&text), &p.file_name().unwrap_or_default().to_string_lossy());
        // Other text files (a licence, notes) are not letters.
        if !l.titles.is_empty() {
            letters.push(l);
        }
    }
    if letters.is_empty() {
        return Err(EvidenceError::Invalid(format!(
            "{}: no letter with a table of affected job titles (a line \"LIST OF AFFECTED JOB TITLES\" followed by facility, title, count) among {} text file(s)",
            dir.display(),
            paths.len()
        )));
    }
    let checks = letters.iter().flat_map(check_letter).collect();
    let csv = dir.join("impacts_by_facility.csv");
    let extraction = if csv.exists() { Some(check_extraction(&csv, &letters)?) } else { None };
    Ok(LetterSet { letters, checks, extraction })
}

fn check_extraction(path: &Path, letters: &[WarnLetter]) -> Result<ExtractionCheck> {
    let mut t = culprit_input::open(path, &culprit_input::OpenOptions::default(), None)?;
    let col = |names: &[&str]| t.headers.iter().position(|h| names.iter().any(|n| culprit_input::schema::normalise(h) == culprit_input::schema::normalise(n)));
    let (c_notice, c_fac, c_count) = (col(&["noticeId", "notice"]), col(&["facilityId", "facility"]), col(&["affectedCount", "count", "affected"]));
    let (Some(c_notice), Some(c_fac), Some(c_count)) = (c_notice, c_fac, c_count) else {
        return Err(EvidenceError::Columns {
            path: path.to_path_buf(),
            missing: vec!["noticeId, facilityId, affectedCount".into()],
            found: t.headers.clone(),
        });
    };
    // notice -> facility -> people
    let mut by_notice: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let (mut rows, mut people) = (0usize, 0u64);
    while let Some(r) = t.next_row()? {
        let n = r.get(c_count).and_then(|c| culprit_input::values::parse_count(c).value()).unwrap_or(0);
        rows += 1;
        people += n;
        *by_notice.entry(r.get(c_notice).unwrap_or("").to_string()).or_default().entry(r.get(c_fac).unwrap_or("").to_uppercase()).or_default() += n;
    }
    let mut differences = Vec::new();
    for l in letters {
        let mut mine: BTreeMap<String, u64> = BTreeMap::new();
        for t in &l.titles {
            *mine.entry(t.facility.to_uppercase()).or_default() += t.count;
        }
        // The extraction's notice with most facilities in common.
        let best = by_notice.iter().max_by_key(|(_, f)| f.keys().filter(|k| mine.contains_key(*k)).count());
        let Some((notice, theirs)) = best else { continue };
        let (a, b): (u64, u64) = (mine.values().sum(), theirs.values().sum());
        if a != b {
            differences.push(Difference { what: format!("{} vs the extraction's `{notice}`: people", l.origin), letter: a, other: b });
        }
        for (f, n) in &mine {
            let m = theirs.get(f).copied().unwrap_or(0);
            if *n != m {
                differences.push(Difference { what: format!("{} vs `{notice}`: facility {f}", l.origin), letter: *n, other: m });
            }
        }
    }
    Ok(ExtractionCheck { path: path.display().to_string(), rows, people, differences })
}

/// Exposure of a group of the people cut.
#[derive(Debug, Clone, Serialize)]
pub struct GroupExposure {
    pub key: String,
    /// People in the group on the letters.
    pub people: u64,
    /// Of them, people whose title was coded to an occupation with exposure.
    pub coded: u64,
    /// People-weighted mean of the headline measure over the coded people.
    pub exposure: Option<f64>,
    /// For titles: the occupation coded (SOC and name) and the coder's confidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// The exposure of the roles on the letters.
#[derive(Debug, Clone, Serialize)]
pub struct LetterExposure {
    pub measure: String,
    pub people: u64,
    pub coded: u64,
    pub exposure: Option<f64>,
    pub by_title: Vec<GroupExposure>,
    pub by_facility: Vec<GroupExposure>,
    pub by_occupation: Vec<GroupExposure>,
    pub coder: String,
}

/// Code every title and weight its exposure by the people holding it.
pub fn exposure(set: &LetterSet, coder: &dyn RoleExposure) -> LetterExposure {
    let mut coded_titles: BTreeMap<String, Option<crate::exposure::CodedRole>> = BTreeMap::new();
    for t in set.letters.iter().flat_map(|l| &l.titles) {
        coded_titles.entry(t.title.clone()).or_insert_with(|| coder.title_exposure(&t.title));
    }
    let measure = coded_titles.values().flatten().find_map(|c| c.headline().map(|(n, _)| n.to_string())).unwrap_or_else(|| "exposure".into());
    #[derive(Default)]
    struct Acc {
        people: u64,
        coded: u64,
        sum: f64,
    }
    let (mut by_title, mut by_fac, mut by_occ): (BTreeMap<String, Acc>, BTreeMap<String, Acc>, BTreeMap<String, Acc>) = Default::default();
    let mut all = Acc::default();
    for t in set.letters.iter().flat_map(|l| &l.titles) {
        let c = coded_titles[&t.title].as_ref();
        let e = c.and_then(|c| c.headline().map(|(_, v)| v));
        let occ = c.map(|c| format!("{} {}", c.soc, c.occupation)).unwrap_or_else(|| "(uncoded)".into());
        for (m, k) in [(&mut by_title, t.title.clone()), (&mut by_fac, t.facility.clone()), (&mut by_occ, occ)] {
            let a = m.entry(k).or_default();
            a.people += t.count;
            if let Some(e) = e {
                a.coded += t.count;
                a.sum += e * t.count as f64;
            }
        }
        all.people += t.count;
        if let Some(e) = e {
            all.coded += t.count;
            all.sum += e * t.count as f64;
        }
    }
    let rows = |m: BTreeMap<String, Acc>, titles: bool| {
        let mut v: Vec<GroupExposure> = m
            .into_iter()
            .map(|(key, a)| {
                let c = if titles { coded_titles.get(&key).cloned().flatten() } else { None };
                GroupExposure {
                    occupation: c.as_ref().map(|c| format!("{} {}", c.soc, c.occupation)),
                    confidence: c.as_ref().map(|c| c.confidence),
                    key,
                    people: a.people,
                    coded: a.coded,
                    exposure: (a.coded > 0).then(|| a.sum / a.coded as f64),
                }
            })
            .collect();
        v.sort_by(|a, b| b.people.cmp(&a.people).then(a.key.cmp(&b.key)));
        v
    };
    LetterExposure {
        measure,
        people: all.people,
        coded: all.coded,
        exposure: (all.coded > 0).then(|| all.sum / all.coded as f64),
        by_title: rows(by_title, true),
        by_facility: rows(by_fac, false),
        by_occupation: rows(by_occ, false),
        coder: coder.describe(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exposure::TableExposure;

    const LETTER: &str = "                              Employment Security
                              Received 10/28/25
October 28, 2025
    \u{f0b7}   SEA1 facility at 1 Main St, Seattle, WA 98101 (approximately 3 employees affected);
       BFI4 facility at 2 Side St, Kent, WA 98032 (approximately 1 employee affected);
       plus 2 affected remote employees residing within the state of Washington.

As a result of this action, we anticipate that the above-described approximately 6 employees will be separated from
employment.
                       LIST OF AFFECTED JOB TITLES AT THE FACILITIES
                                                   Number of Affected Employees
Facility   Job Title                               Holding Job Title
SEA1       Software Dev Engineer II                2
SEA1       Sr Mgr, Recruiting                      1
BFI4       HR Assistant II                         1
Remote     Software Dev Engineer II                1
Remote     Recruiter                               1
";

    #[test]
    fn a_letter_is_read_and_checked() {
        let l = parse_letter(LETTER, "l.txt");
        assert_eq!(l.received, NaiveDate::from_ymd_opt(2025, 10, 28));
        assert_eq!((l.stated_total, l.remote, l.facilities.len(), l.titles.len()), (Some(6), Some(2), 2, 5));
        assert_eq!(l.titles[1], TitleRow { facility: "SEA1".into(), title: "Sr Mgr, Recruiting".into(), count: 1, line: 14 });
        assert_eq!((l.title_total(), l.facility_total()), (6, 6));
        assert!(check_letter(&l).is_empty());
        assert!(l.issues.is_empty(), "{:?}", l.issues);
        // A facility whose rows do not add up is a stated difference.
        let bad = LETTER.replace("(approximately 3 employees", "(approximately 4 employees");
        let d = check_letter(&parse_letter(&bad, "b.txt"));
        assert!(d.iter().any(|x| x.what.contains("facility SEA1") && x.letter == 4 && x.other == 3), "{d:?}");
    }

    #[test]
    fn exposure_is_weighted_by_people() {
        let set = LetterSet { letters: vec![parse_letter(LETTER, "l.txt")], checks: vec![], extraction: None };
        let t = TableExposure::from_csv("pattern,soc\nsoftware dev engineer,15-1252\nrecruiter,13-1071\n", "soc,occupation,human_beta\n15-1252,Software Developers,0.6\n13-1071,Human Resources Specialists,0.3\n", "test").unwrap();
        let e = exposure(&set, &t);
        assert_eq!((e.people, e.coded), (6, 4));
        assert!((e.exposure.unwrap() - (3.0 * 0.6 + 0.3) / 4.0).abs() < 1e-9);
        assert_eq!(e.by_title[0].key, "Software Dev Engineer II");
        assert_eq!(e.by_title[0].people, 3);
        assert!(e.by_occupation.iter().any(|g| g.key == "(uncoded)" && g.people == 2));
    }
}
