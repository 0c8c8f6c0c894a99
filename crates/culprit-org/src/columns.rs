//! The fields of an HR export, as the organisation engine stores them. Which column holds each
//! field is decided by the shared input layer (`culprit-input`, schema `hr`), by header name and
//! content; `--map field=Header` overrides.

use crate::error::Result;
use serde::Serialize;
use std::path::Path;

/// The fields culprit reads. `Id` and one of `Manager` / `ManagerName` are required; the rest enrich.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Manager,
    /// The manager given by name ("Michael Albert"), matched to the people's names.
    ManagerName,
    /// The person's full name ("Albert, Michael"), or first and last name columns joined.
    Name,
    /// Work email, to match a manager given by email.
    Email,
    /// The manager's email.
    ManagerEmail,
    FirstName,
    LastName,
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
    /// Hourly or salaried (ADP's Rate Type, BambooHR's Pay Type): "Hourly" makes the pay an
    /// hourly rate whatever the pay frequency says.
    PayType,
}

pub const ALL_FIELDS: [Field; 16] = [
    Field::Id,
    Field::Manager,
    Field::ManagerName,
    Field::Name,
    Field::Email,
    Field::ManagerEmail,
    Field::FirstName,
    Field::LastName,
    Field::Title,
    Field::Level,
    Field::Department,
    Field::Location,
    Field::Pay,
    Field::HourlyPay,
    Field::PayBasis,
    Field::PayType,
];

impl Field {
    /// The key used by `--map key=Header` (the `hr` schema's field key).
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Manager => "manager",
            Field::ManagerName => "manager_name",
            Field::Name => "name",
            Field::Email => "email",
            Field::ManagerEmail => "manager_email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Title => "title",
            Field::Level => "level",
            Field::Department => "department",
            Field::Location => "location",
            Field::Pay => "pay",
            Field::HourlyPay => "hourly_pay",
            Field::PayBasis => "pay_basis",
            Field::PayType => "pay_type",
        }
    }

    pub fn label(self) -> &'static str {
        culprit_input::schema::HR.field(self.key()).map(|f| f.label).unwrap_or("")
    }

    pub fn from_key(key: &str) -> Option<Field> {
        ALL_FIELDS.iter().copied().find(|f| f.key() == key)
    }
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
    /// The full mapping with confidences, as chosen by the input layer (printed before results).
    pub mapping: Option<culprit_input::Mapping>,
}

impl ColumnMap {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.columns.iter().find(|(g, _, _)| *g == f).map(|(_, i, _)| *i)
    }
    pub fn header(&self, f: Field) -> Option<&str> {
        self.columns.iter().find(|(g, _, _)| *g == f).map(|(_, _, h)| h.as_str())
    }
}

/// A `--map field=Header` override (the input layer's).
pub type Mapping = culprit_input::Override;

/// Map an HR export's columns through the shared input layer (schema `hr`: header aliases of
/// Workday, SAP SuccessFactors, Oracle HCM, ADP, BambooHR, Rippling, HiBob, Personio; content
/// sniffers for ids, manager ids, names and pay).
pub fn resolve(path: &Path, headers: &[String], sample: &[culprit_input::Row], overrides: &[Mapping]) -> Result<ColumnMap> {
    let opts = culprit_input::InferOptions { overrides: overrides.to_vec(), ..Default::default() };
    let m = culprit_input::infer(&culprit_input::schema::HR, path, headers, sample, &opts)?;
    let mut columns: Vec<(Field, usize, String)> =
        m.columns.iter().filter_map(|c| Field::from_key(c.field).map(|f| (f, c.column, c.header.clone()))).collect();
    columns.sort_by_key(|(f, _, _)| *f);
    Ok(ColumnMap { columns, width: headers.len(), notes: m.notes.clone(), mapping: Some(m) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn rows(data: &[&[&str]]) -> Vec<culprit_input::Row> {
        data.iter().enumerate().map(|(i, r)| culprit_input::Row { line: i as u64 + 2, cells: r.iter().map(|s| s.to_string()).collect(), ..Default::default() }).collect()
    }

    fn r(headers: &[&str], data: &[&[&str]], maps: &[&str]) -> Result<ColumnMap> {
        let maps: Vec<Mapping> = maps.iter().map(|m| m.parse().unwrap()).collect();
        resolve(Path::new("x.csv"), &h(headers), &rows(data), &maps)
    }

    #[test]
    fn workday_style_headers_are_recognised() {
        let m = r(
            &["Worker ID", "Business Title", "Supervisory Organization", "Reports To", "Grade", "Work Location", "Base Pay"],
            &[&["1", "CEO", "Exec", "", "E1", "Seattle", "$300,000"], &["2", "CFO", "Finance", "1", "E2", "Seattle", "$250,000"], &["3", "Analyst", "Finance", "2", "P2", "Austin", "$90,000"]],
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
    fn a_pay_frequency_beside_annual_pay_is_not_its_basis() {
        let data: &[&[&str]] = &[&["1", "", "100000", "Biweekly"], &["2", "1", "90000", "Biweekly"]];
        let m = r(&["Worker ID", "Manager ID", "Annual Base Pay", "Pay Frequency"], data, &[]).unwrap();
        assert_eq!(m.get(Field::Pay), Some(2));
        assert_eq!(m.get(Field::PayBasis), None);
        assert!(m.notes.iter().any(|n| n.contains("Annual Base Pay") && n.contains("--map pay_basis=")), "{:?}", m.notes);
        // A pay column that does not say its unit keeps the basis column ...
        let m = r(&["Worker ID", "Manager ID", "Pay Rate", "Pay Frequency"], data, &[]).unwrap();
        assert_eq!(m.get(Field::PayBasis), Some(3));
        // ... and an explicit mapping is obeyed.
        let m = r(&["Worker ID", "Manager ID", "Annual Base Pay", "Pay Frequency"], data, &["pay_basis=Pay Frequency"]).unwrap();
        assert_eq!(m.get(Field::PayBasis), Some(3));
    }

    #[test]
    fn aliases_match_case_and_punctuation_insensitively() {
        let m = r(&["\u{feff}PERSON_NUMBER", "supervisor-id", "Employee #"], &[&["1", "", "9"], &["2", "1", "8"]], &[]).unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Manager), Some(1));
    }

    #[test]
    fn department_beats_cost_center() {
        let m = r(&["ID", "Manager ID", "Cost Center", "Department"], &[&["1", "", "CC1", "Sales"]], &[]).unwrap();
        assert_eq!(m.get(Field::Department), Some(3));
    }

    #[test]
    fn map_overrides_and_errors() {
        let m = r(&["Badge", "Boss", "Employee ID"], &[&["a", "", "x"], &["b", "a", "y"]], &["id=Badge", "manager=Boss"]).unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Manager), Some(1));
        assert!("nonsense".parse::<Mapping>().is_err());
        let e = r(&["A", "B"], &[], &["id=Nope"]).unwrap_err();
        assert!(e.to_string().contains("no column `Nope`"), "{e}");
        let e = r(&["A", "B"], &[], &["colour=Red"]).unwrap_err();
        assert!(e.to_string().contains("not a field"), "{e}");
    }

    #[test]
    fn missing_manager_column_names_headers_and_fix() {
        let e = r(&["Employee ID", "Cost"], &[&["1", "5"]], &[]).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("x.csv") && s.contains("manager id") && s.contains("Cost") && s.contains("--map manager="), "{s}");
    }
}
