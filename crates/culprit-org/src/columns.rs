//! Recognising the columns of an HR export from the header names real HRIS exports use
//! (Workday, SAP SuccessFactors, Oracle HCM, ADP, BambooHR...), plus `--map field=Header` overrides.

use crate::error::{OrgError, Result};
use serde::Serialize;
use std::path::Path;

/// The fields culprit reads. Only `Id` and `Manager` are required; the rest enrich.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Manager,
    Title,
    Level,
    Department,
    Location,
    /// Annual pay (salary, base pay, total compensation).
    Pay,
    /// Hourly pay rate; converted to annual with the stated hours per year.
    HourlyPay,
    /// The basis of the pay column: Hourly / Weekly / Monthly / Annual...
    PayBasis,
}

pub const ALL_FIELDS: [Field; 9] = [
    Field::Id,
    Field::Manager,
    Field::Title,
    Field::Level,
    Field::Department,
    Field::Location,
    Field::Pay,
    Field::HourlyPay,
    Field::PayBasis,
];

impl Field {
    /// The key used by `--map key=Header`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Manager => "manager",
            Field::Title => "title",
            Field::Level => "level",
            Field::Department => "department",
            Field::Location => "location",
            Field::Pay => "pay",
            Field::HourlyPay => "hourly_pay",
            Field::PayBasis => "pay_basis",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "employee id",
            Field::Manager => "manager id",
            Field::Title => "job title",
            Field::Level => "job level",
            Field::Department => "department",
            Field::Location => "location",
            Field::Pay => "annual pay",
            Field::HourlyPay => "hourly pay",
            Field::PayBasis => "pay basis",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        let k = normalise(key);
        ALL_FIELDS.iter().copied().find(|f| normalise(f.key()) == k).or(match k.as_str() {
            "employee" | "employeeid" => Some(Field::Id),
            "managerid" | "supervisor" => Some(Field::Manager),
            "dept" => Some(Field::Department),
            "salary" => Some(Field::Pay),
            "hourly" => Some(Field::HourlyPay),
            _ => None,
        })
    }

    /// Header names recognised for this field, best first. Compared after [`normalise`].
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "Employee ID", "Worker ID", "Person Number", "Employee Number", "Employee No", "Employee #",
                "Emp ID", "EmpID", "EEID", "Person ID", "Personnel Number", "Associate ID", "Staff ID",
                "Worker Number", "Employee Code", "User ID", "File Number", "Employee File Number", "ID",
            ],
            Field::Manager => &[
                "Manager ID", "Supervisor ID", "Reports To", "Reports To ID", "Manager Employee ID",
                "Manager Worker ID", "Manager Person Number", "Manager Number", "Manager Employee Number",
                "Line Manager ID", "Direct Manager ID", "Supervisor Employee ID", "Supervisor Number",
                "Reports To Employee ID", "Reports To Associate ID", "Manager User ID", "Reports To User ID",
                "Manager Associate ID", "Manager File Number", "Manager Code", "Mgr ID", "Parent ID",
            ],
            Field::Title => &[
                "Job Title", "Business Title", "Position", "Position Title", "Job Profile", "Job Name",
                "Job Title Description", "Job", "Title", "Role", "Designation", "Job Description",
            ],
            Field::Level => &[
                "Job Level", "Grade", "Band", "Pay Grade", "Job Grade", "Level", "Management Level",
                "Career Level", "Job Band", "Salary Grade",
            ],
            Field::Department => &[
                "Department", "Department Name", "Dept", "Cost Center", "Cost Centre", "Cost Center Name",
                "Supervisory Organization", "Organization", "Org Unit", "Organizational Unit", "Division",
                "Home Department", "Home Department Description", "Department Description", "Business Unit",
                "Function", "Team",
            ],
            Field::Location => &[
                "Location", "Work Location", "Location Description", "Work Location Description", "Office", "Site",
                "Work Site", "Office Location", "City",
            ],
            Field::Pay => &[
                "Annual Salary", "Base Pay", "Total Compensation", "Annual Base Salary", "Base Salary",
                "Annual Base Pay", "Annual Pay", "Annualized Base Pay", "Salary", "Compensation", "Total Comp",
                "Total Base Pay", "Annual Salary Amount", "Annualized Salary", "Pay", "Pay Rate", "Pay Amount",
            ],
            Field::HourlyPay => &["Hourly Rate", "Hourly Pay", "Hourly Wage", "Hourly Base Rate", "Rate Per Hour", "Hourly Pay Rate"],
            Field::PayBasis => &[
                "Pay Frequency", "Pay Basis", "Pay Rate Type", "Salary Basis", "Compensation Frequency",
                "Pay Type", "Pay Period", "Frequency", "Hourly/Salaried",
            ],
        }
    }
}

/// Lower-case, letters and digits only: "Employee_ID ", "employee id" and "EMPLOYEE-ID" compare equal.
/// '#' is kept as "number" so that "Employee #" matches.
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '#' {
            out.push_str("number");
        }
    }
    out
}

/// Which column (index into the header) holds each field.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ColumnMap {
    /// (field, column index, header as written in the file)
    pub columns: Vec<(Field, usize, String)>,
    /// Number of columns in the header.
    pub width: usize,
    /// What the resolution decided that a reader should know (shown with the import).
    pub notes: Vec<String>,
}

impl ColumnMap {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.columns.iter().find(|(g, _, _)| *g == f).map(|(_, i, _)| *i)
    }
    pub fn header(&self, f: Field) -> Option<&str> {
        self.columns.iter().find(|(g, _, _)| *g == f).map(|(_, _, h)| h.as_str())
    }
}

/// A `--map field=Header` override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub field: Field,
    pub header: String,
}

impl std::str::FromStr for Mapping {
    type Err = OrgError;
    fn from_str(s: &str) -> Result<Self> {
        let (k, h) = s.split_once('=').ok_or_else(|| OrgError::MapSyntax(s.to_string()))?;
        let field = Field::from_key(k).ok_or_else(|| {
            OrgError::MapUnknownField(
                s.to_string(),
                k.to_string(),
                ALL_FIELDS.iter().map(|f| f.key()).collect::<Vec<_>>().join(", "),
            )
        })?;
        if h.trim().is_empty() {
            return Err(OrgError::MapSyntax(s.to_string()));
        }
        Ok(Mapping { field, header: h.trim().to_string() })
    }
}

/// Match header names to fields. Overrides win; otherwise, for each field, the column whose
/// name is the earliest alias in [`Field::aliases`] (so "Department" beats "Cost Center").
/// A column is used for one field only.
pub fn resolve(path: &Path, headers: &[String], overrides: &[Mapping]) -> Result<ColumnMap> {
    let norm: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut columns = Vec::new();
    for m in overrides {
        let want = m.header.trim().to_lowercase();
        let idx = headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase() == want)
            .or_else(|| norm.iter().position(|h| *h == normalise(&m.header)))
            .ok_or_else(|| OrgError::MapHeaderNotFound {
                path: path.to_path_buf(),
                key: m.field.key().to_string(),
                header: m.header.clone(),
                found: headers.join(", "),
            })?;
        columns.retain(|(f, _, _): &(Field, usize, String)| *f != m.field);
        used[idx] = true;
        columns.push((m.field, idx, headers[idx].trim().to_string()));
    }
    for f in ALL_FIELDS {
        if columns.iter().any(|(g, _, _)| *g == f) {
            continue;
        }
        let found = f.aliases().iter().find_map(|a| {
            let a = normalise(a);
            norm.iter().enumerate().position(|(i, h)| !used[i] && *h == a)
        });
        if let Some(i) = found {
            used[i] = true;
            columns.push((f, i, headers[i].trim().trim_start_matches('\u{feff}').to_string()));
        }
    }
    for f in [Field::Id, Field::Manager] {
        if !columns.iter().any(|(g, _, _)| *g == f) {
            return Err(OrgError::MissingColumn {
                path: path.to_path_buf(),
                field: f.label(),
                key: f.key(),
                found: headers.join(", "),
                aliases: f.aliases()[..6].join(", ") + ", ...",
            });
        }
    }
    let mut notes = Vec::new();
    // "Annual Salary" says its own unit. A pay-frequency column found beside it ("Pay Frequency:
    // Biweekly", as Workday and ADP exports have) says how often people are paid, not the unit of
    // that column: applied, it would multiply annual pay by 26. Only `--map pay_basis=...` applies it.
    let basis_mapped = overrides.iter().any(|m| m.field == Field::PayBasis);
    if let (Some(pay), Some(basis)) = (columns.iter().find(|c| c.0 == Field::Pay), columns.iter().find(|c| c.0 == Field::PayBasis)) {
        if !basis_mapped && annual_by_name(&pay.2) {
            notes.push(format!(
                "pay column `{}` is annual by its name, so column `{}` is not read as its pay basis (`--map pay_basis=\"{}\"` applies it)",
                pay.2, basis.2, basis.2
            ));
            columns.retain(|c| c.0 != Field::PayBasis);
        }
    }
    columns.sort_by_key(|(f, _, _)| *f);
    Ok(ColumnMap { columns, width: headers.len(), notes })
}

/// Whether a pay header names an annual amount ("Annual Salary", "Annualized Base Pay", "Yearly
/// Pay", "Salary (per annum)").
fn annual_by_name(header: &str) -> bool {
    let h = normalise(header);
    ["annual", "yearly", "perannum", "peryear"].iter().any(|w| h.contains(w))
}

/// True when the header has both an id and a manager column (used to pick a spreadsheet sheet).
pub fn has_required(headers: &[String], overrides: &[Mapping]) -> bool {
    resolve(Path::new(""), headers, overrides).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn workday_style_headers_are_recognised() {
        let m = resolve(
            Path::new("x.csv"),
            &h(&["Worker ID", "Business Title", "Supervisory Organization", "Reports To", "Grade", "Work Location", "Base Pay"]),
            &[],
        )
        .unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Manager), Some(3));
        assert_eq!(m.get(Field::Title), Some(1));
        assert_eq!(m.get(Field::Department), Some(2));
        assert_eq!(m.get(Field::Level), Some(4));
        assert_eq!(m.get(Field::Location), Some(5));
        assert_eq!(m.get(Field::Pay), Some(6));
    }

    #[test]
    fn adp_and_successfactors_style_headers_are_recognised() {
        // ADP Workforce Now export.
        let m = resolve(
            Path::new("x.csv"),
            &h(&["File Number", "Job Title Description", "Home Department Description", "Reports To Associate ID", "Location Description", "Annual Salary", "Pay Frequency"]),
            &[],
        )
        .unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Title), Some(1));
        assert_eq!(m.get(Field::Department), Some(2));
        assert_eq!(m.get(Field::Manager), Some(3));
        assert_eq!(m.get(Field::Location), Some(4));
        assert_eq!(m.get(Field::Pay), Some(5));
        // SAP SuccessFactors export.
        let m = resolve(Path::new("x.csv"), &h(&["User ID", "Manager User ID", "Job Title", "Division", "Pay Grade", "Annual Salary"]), &[]).unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Manager), Some(1));
        assert_eq!(m.get(Field::Department), Some(3));
        assert_eq!(m.get(Field::Level), Some(4));
        assert_eq!(m.get(Field::Pay), Some(5));
    }

    #[test]
    fn a_pay_frequency_beside_annual_pay_is_not_its_basis() {
        let hs = h(&["Worker ID", "Manager ID", "Annual Base Pay", "Pay Frequency"]);
        let m = resolve(Path::new("x"), &hs, &[]).unwrap();
        assert_eq!(m.get(Field::Pay), Some(2));
        assert_eq!(m.get(Field::PayBasis), None);
        assert!(m.notes[0].contains("Annual Base Pay") && m.notes[0].contains("--map pay_basis="), "{:?}", m.notes);
        // A pay column that does not say its unit keeps the basis column ...
        let m = resolve(Path::new("x"), &h(&["Worker ID", "Manager ID", "Pay Rate", "Pay Frequency"]), &[]).unwrap();
        assert_eq!(m.get(Field::PayBasis), Some(3));
        assert!(m.notes.is_empty());
        // ... and an explicit mapping is obeyed.
        let m = resolve(Path::new("x"), &hs, &["pay_basis=Pay Frequency".parse().unwrap()]).unwrap();
        assert_eq!(m.get(Field::PayBasis), Some(3));
    }

    #[test]
    fn aliases_match_case_and_punctuation_insensitively() {
        let m = resolve(Path::new("x"), &h(&["\u{feff}PERSON_NUMBER", "supervisor-id", "Employee #"]), &[]).unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Manager), Some(1));
        // "Employee #" is an id alias too but the column is only used once: the earlier alias wins.
        assert_eq!(m.columns.len(), 2);
    }

    #[test]
    fn department_beats_cost_center() {
        let m = resolve(Path::new("x"), &h(&["ID", "Manager ID", "Cost Center", "Department"]), &[]).unwrap();
        assert_eq!(m.get(Field::Department), Some(3));
    }

    #[test]
    fn map_overrides_and_errors() {
        let maps = vec!["id=Badge".parse::<Mapping>().unwrap(), "manager=Boss".parse().unwrap()];
        let m = resolve(Path::new("x"), &h(&["Badge", "Boss", "Employee ID"]), &maps).unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Manager), Some(1));
        assert!("nonsense".parse::<Mapping>().is_err());
        assert!(matches!("colour=Red".parse::<Mapping>(), Err(OrgError::MapUnknownField(..))));
        let e = resolve(Path::new("x"), &h(&["A", "B"]), &["id=Nope".parse().unwrap()]).unwrap_err();
        assert!(e.to_string().contains("no column `Nope`"), "{e}");
    }

    #[test]
    fn missing_manager_column_names_headers_and_fix() {
        let e = resolve(Path::new("hr.csv"), &h(&["Employee ID", "Manager Name"]), &[]).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("hr.csv") && s.contains("manager id") && s.contains("Manager Name") && s.contains("--map manager="), "{s}");
    }
}
