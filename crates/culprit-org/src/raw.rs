//! The columnar table an import produces, before validation: one entry per data row read.
//! Text columns with few distinct values (title, level, department, location) are dictionary
//! encoded; ids are kept in one byte arena so 1.6 M rows cost a few allocations, not millions.

use crate::columns::{ColumnMap, Field};
use crate::pay::{parse_pay, PayBasis, PayError};
use crate::problems::{Problem, ProblemKind};
use ahash::AHashMap;
use serde::Serialize;

/// Code of a blank value in a dictionary column, and "no parent" in a tree.
pub const NONE: u32 = u32::MAX;

/// Many short strings in one buffer.
#[derive(Debug, Clone, Default)]
pub struct StrColumn {
    bytes: String,
    ends: Vec<usize>,
}

impl StrColumn {
    pub fn with_capacity(n: usize, bytes: usize) -> Self {
        StrColumn { bytes: String::with_capacity(bytes), ends: Vec::with_capacity(n) }
    }
    pub fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
    /// Room for `rows` more rows of `bytes` more text.
    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        self.ends.reserve(rows);
        self.bytes.reserve(bytes);
    }
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }
    pub fn extend_from(&mut self, other: &StrColumn) {
        let base = self.bytes.len();
        self.bytes.push_str(&other.bytes);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }
    /// Keep only rows where `keep` is true.
    pub fn retain_rows(&self, keep: &[bool]) -> StrColumn {
        let mut out = StrColumn::with_capacity(self.len(), self.bytes.len());
        for (i, k) in keep.iter().enumerate() {
            if *k {
                out.push(self.get(i));
            }
        }
        out
    }
}

/// A dictionary-encoded text column: `codes[row]` indexes `values`, or is [`NONE`] when blank.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DictColumn {
    pub codes: Vec<u32>,
    pub values: Vec<String>,
}

impl DictColumn {
    pub fn get(&self, row: usize) -> Option<&str> {
        match self.codes[row] {
            NONE => None,
            c => Some(&self.values[c as usize]),
        }
    }
}

struct LocalDict {
    map: AHashMap<String, u32>,
    values: Vec<String>,
    /// The code of the last value seen: exports sorted by department, location or manager
    /// repeat a value over many rows, and one comparison is cheaper than hashing.
    last: u32,
}

impl Default for LocalDict {
    fn default() -> Self {
        LocalDict { map: AHashMap::new(), values: Vec::new(), last: NONE }
    }
}

impl LocalDict {
    fn clear(&mut self) {
        self.map.clear();
        self.values.clear();
        self.last = NONE;
    }
    fn code(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return NONE;
        }
        if self.last != NONE && self.values[self.last as usize] == s {
            return self.last;
        }
        let c = match self.map.get(s) {
            Some(c) => *c,
            None => {
                let c = self.values.len() as u32;
                self.values.push(s.to_string());
                self.map.insert(s.to_string(), c);
                c
            }
        };
        self.last = c;
        c
    }
}

/// Where the table came from and how it was read; shown in the import summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceInfo {
    pub path: String,
    pub format: String,
    pub bytes: u64,
    pub encoding: String,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    /// Field -> header used.
    pub columns: Vec<(Field, String)>,
    /// The mapping chosen by the input layer, with confidences (printed before results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping: Option<culprit_input::Mapping>,
    /// Hours per year used to annualise hourly pay (stated whenever pay can be hourly).
    pub hours_per_year: f64,
    pub notes: Vec<String>,
}

/// The imported rows, column by column.
#[derive(Debug, Default)]
pub struct RawTable {
    pub source: SourceInfo,
    /// 1-based line (CSV), sheet row (XLSX) or row number (Parquet) of each row.
    pub line: Vec<u64>,
    pub id: StrColumn,
    pub manager: StrColumn,
    /// Full names ("Last, First" when built from first and last name columns); empty when the
    /// file has no name column.
    pub name: StrColumn,
    /// The manager's name as written; empty when the file has no manager-name column.
    pub manager_name: StrColumn,
    /// Work emails and the manager's email; empty when the file has no such columns.
    pub email: StrColumn,
    pub manager_email: StrColumn,
    /// False for placeholder managers added by validation (referenced, not in the file); empty
    /// when every row is from the file.
    pub in_file: Vec<bool>,
    pub title: DictColumn,
    pub level: DictColumn,
    pub department: DictColumn,
    pub location: DictColumn,
    /// Annual pay; NaN when unknown (no pay column, or a problem recorded in `problems`).
    pub pay: Vec<f64>,
    /// True when the file has a pay column at all.
    pub has_pay: bool,
    /// Row-level problems found while reading (ragged rows, pay).
    pub problems: Vec<Problem>,
}

impl RawTable {
    pub fn rows(&self) -> usize {
        self.line.len()
    }
}

/// Turns rows of text cells into columns. One per parallel chunk; merged in file order.
pub(crate) struct RowBuilder<'a> {
    map: &'a ColumnMap,
    hours_per_year: f64,
    pub line: Vec<u64>,
    pub id: StrColumn,
    pub manager: StrColumn,
    pub name: StrColumn,
    pub manager_name: StrColumn,
    pub email: StrColumn,
    pub manager_email: StrColumn,
    dicts: [LocalDict; 4],
    dict_codes: [Vec<u32>; 4],
    pub pay: Vec<f64>,
    pub problems: Vec<Problem>,
    cols: Cols,
}

#[derive(Clone, Copy)]
struct Cols {
    id: usize,
    manager: Option<usize>,
    manager_name: Option<usize>,
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    email: Option<usize>,
    manager_email: Option<usize>,
    dict: [Option<usize>; 4],
    pay: Option<usize>,
    hourly: Option<usize>,
    basis: Option<usize>,
    pay_type: Option<usize>,
}

const DICT_FIELDS: [Field; 4] = [Field::Title, Field::Level, Field::Department, Field::Location];

/// `str::trim`, answered from the two end bytes in the usual case (a printable ASCII character at
/// each end: nothing to trim), which is most cells; trimming every cell of 1.6 M rows by the
/// Unicode rules was a twentieth of the import.
#[inline]
fn trim(s: &str) -> &str {
    let plain = |b: u8| b > b' ' && b < 0x7f;
    match s.as_bytes() {
        [] => s,
        [f, .., l] if plain(*f) && plain(*l) => s,
        [f] if plain(*f) => s,
        _ => s.trim(),
    }
}

/// Ids as exports write them: trimmed, and "1001.0" (a float-typed id column from pandas or a
/// spreadsheet) read as "1001".
pub fn clean_id(s: &str) -> &str {
    culprit_input::sniff::canonical_id(s)
}

impl<'a> RowBuilder<'a> {
    pub fn new(map: &'a ColumnMap, hours_per_year: f64, capacity: usize) -> Self {
        let cols = Cols {
            id: map.get(Field::Id).expect("resolved map has an id"),
            manager: map.get(Field::Manager),
            manager_name: map.get(Field::ManagerName),
            name: map.get(Field::Name),
            first: map.get(Field::FirstName),
            last: map.get(Field::LastName),
            email: map.get(Field::Email),
            manager_email: map.get(Field::ManagerEmail),
            dict: DICT_FIELDS.map(|f| map.get(f)),
            pay: map.get(Field::Pay),
            hourly: map.get(Field::HourlyPay),
            basis: map.get(Field::PayBasis),
            pay_type: map.get(Field::PayType),
        };
        RowBuilder {
            map,
            hours_per_year,
            line: Vec::with_capacity(capacity),
            id: StrColumn::with_capacity(capacity, capacity * 8),
            manager: StrColumn::with_capacity(capacity, capacity * 8),
            name: StrColumn::default(),
            manager_name: StrColumn::default(),
            email: StrColumn::default(),
            manager_email: StrColumn::default(),
            dicts: Default::default(),
            dict_codes: std::array::from_fn(|_| Vec::with_capacity(capacity)),
            pay: Vec::with_capacity(capacity),
            problems: Vec::new(),
            cols,
        }
    }

    /// Empty every column, keeping their memory for the next block (see `import::csv`: a
    /// builder is filled on a pool thread and emptied on the merging one; freed there, its memory
    /// did not go back to the pool threads in time, so each block touched fresh pages).
    pub fn reset(&mut self) {
        self.line.clear();
        for c in [&mut self.id, &mut self.manager, &mut self.name, &mut self.manager_name, &mut self.email, &mut self.manager_email] {
            c.clear();
        }
        for d in &mut self.dicts {
            d.clear();
        }
        for c in &mut self.dict_codes {
            c.clear();
        }
        self.pay.clear();
        self.problems.clear();
    }

    /// Add one row. `get(i)` returns the text of column i, or None past the end of a short row.
    pub fn push<'r>(&mut self, line: u64, n_fields: usize, get: impl Fn(usize) -> Option<&'r str>) {
        let c = self.cols;
        let cell = |i: usize| get(i).map(trim).unwrap_or("");
        let id = clean_id(cell(c.id));
        if n_fields != self.map.width {
            self.problems.push(Problem::new(
                line,
                id,
                ProblemKind::RaggedRow,
                format!("{} fields where the header has {}", n_fields, self.map.width),
            ));
        }
        self.line.push(line);
        self.id.push(id);
        self.manager.push(c.manager.map(|m| clean_id(cell(m))).unwrap_or(""));
        if let Some(m) = c.manager_name {
            self.manager_name.push(cell(m));
        }
        if let (Some(e), Some(m)) = (c.email, c.manager_email) {
            self.email.push(cell(e));
            self.manager_email.push(cell(m));
        }
        match (c.name, c.first, c.last) {
            (Some(n), _, _) => self.name.push(cell(n)),
            (None, Some(f), Some(l)) => {
                let (f, l) = (cell(f), cell(l));
                if f.is_empty() && l.is_empty() {
                    self.name.push("");
                } else {
                    self.name.push(&format!("{l}, {f}"));
                }
            }
            _ => {}
        }
        for k in 0..4 {
            let code = match c.dict[k] {
                Some(i) => self.dicts[k].code(cell(i)),
                None => NONE,
            };
            self.dict_codes[k].push(code);
        }
        let pay = self.pay_of(line, id, &cell);
        self.pay.push(pay);
    }

    fn pay_of<'r>(&mut self, line: u64, id: &str, cell: &impl Fn(usize) -> &'r str) -> f64 {
        let c = self.cols;
        if c.pay.is_none() && c.hourly.is_none() {
            return f64::NAN;
        }
        // "Hourly" in a pay-type column makes the amount an hourly rate, whatever the frequency.
        if let Some(t) = c.pay_type {
            if PayBasis::parse(cell(t)) == Some(PayBasis::Hourly) && c.pay.is_some_and(|p| !cell(p).is_empty()) {
                return self.amount(line, id, Field::Pay, cell(c.pay.unwrap()), Some(self.hours_per_year));
            }
        }
        let basis = match c.basis {
            Some(b) => match PayBasis::parse(cell(b)) {
                Some(basis) => basis,
                None => {
                    self.problems.push(Problem::new(
                        line,
                        id,
                        ProblemKind::UnparsablePay,
                        format!("pay basis `{}` in column `{}` is not hourly/weekly/monthly/annual", cell(b), self.header(Field::PayBasis)),
                    ));
                    return f64::NAN;
                }
            },
            None => PayBasis::Annual,
        };
        let (col, raw, per_year) = match (c.pay.map(cell).filter(|s| !s.is_empty()), c.hourly.map(cell).filter(|s| !s.is_empty())) {
            (Some(p), _) => (Field::Pay, p, Some(basis.per_year(self.hours_per_year))),
            (None, Some(h)) => (Field::HourlyPay, h, Some(self.hours_per_year)),
            (None, None) => {
                let col = if c.pay.is_some() { Field::Pay } else { Field::HourlyPay };
                self.problems.push(Problem::new(line, id, ProblemKind::BlankPay, format!("column `{}` is blank", self.header(col))));
                return f64::NAN;
            }
        };
        self.amount(line, id, col, raw, per_year)
    }

    /// One pay amount, annualised by its cell's own period ("$45/hr") or by `per_year`.
    fn amount(&mut self, line: u64, id: &str, col: Field, raw: &str, per_year: Option<f64>) -> f64 {
        match parse_pay(raw) {
            Ok((v, Some(cell_basis))) if col == Field::Pay => v * cell_basis.per_year(self.hours_per_year),
            Ok((v, _)) => v * per_year.unwrap_or(1.0),
            Err(e) => {
                let (kind, what) = match e {
                    PayError::Blank => (ProblemKind::BlankPay, "is blank"),
                    PayError::Unparsable => (ProblemKind::UnparsablePay, "is not a number"),
                    PayError::Negative(_) => (ProblemKind::NegativePay, "is negative"),
                };
                self.problems.push(Problem::new(line, id, kind, format!("`{}` in column `{}` {}", raw, self.header(col), what)));
                f64::NAN
            }
        }
    }

    fn header(&self, f: Field) -> &str {
        self.map.header(f).unwrap_or("?")
    }
}

/// Appends builders to a table, re-coding each builder's local dictionaries into global ones.
pub(crate) struct Merger {
    maps: [AHashMap<String, u32>; 4],
    pub table: RawTable,
}

impl Merger {
    pub fn new(source: SourceInfo, has_pay: bool) -> Self {
        Merger { maps: Default::default(), table: RawTable { source, has_pay, ..Default::default() } }
    }

    /// Reserve room for `scale` times the rows of `b` (the first block of a file, scaled by the
    /// file's size over the block's), so that the merged columns are not copied as they grow:
    /// doubling growth copied and first-touched about twice the columns' final size.
    pub fn reserve_like(&mut self, b: &RowBuilder<'_>, scale: f64) {
        let more = |n: usize| (n as f64 * scale) as usize;
        let t = &mut self.table;
        t.line.reserve(more(b.line.len()));
        for (dst, src) in [(&mut t.id, &b.id), (&mut t.manager, &b.manager), (&mut t.name, &b.name), (&mut t.manager_name, &b.manager_name), (&mut t.email, &b.email), (&mut t.manager_email, &b.manager_email)] {
            dst.reserve(more(src.len()), more(src.bytes.len()));
        }
        t.pay.reserve(more(b.pay.len()));
        let dests = [&mut t.title, &mut t.level, &mut t.department, &mut t.location];
        for (k, dest) in dests.into_iter().enumerate() {
            dest.codes.reserve(more(b.dict_codes[k].len()));
        }
    }

    /// Append the builder's rows (the builder keeps its memory; [`RowBuilder::reset`] empties it).
    pub fn append(&mut self, b: &mut RowBuilder<'_>) {
        let t = &mut self.table;
        t.line.extend_from_slice(&b.line);
        t.id.extend_from(&b.id);
        t.manager.extend_from(&b.manager);
        t.name.extend_from(&b.name);
        t.manager_name.extend_from(&b.manager_name);
        t.email.extend_from(&b.email);
        t.manager_email.extend_from(&b.manager_email);
        t.pay.extend_from_slice(&b.pay);
        t.problems.append(&mut b.problems);
        let dests = [&mut t.title, &mut t.level, &mut t.department, &mut t.location];
        for (k, dest) in dests.into_iter().enumerate() {
            let remap: Vec<u32> = b.dicts[k]
                .values
                .iter()
                .map(|v| {
                    *self.maps[k].entry(v.clone()).or_insert_with(|| {
                        dest.values.push(v.clone());
                        (dest.values.len() - 1) as u32
                    })
                })
                .collect();
            dest.codes.extend(b.dict_codes[k].iter().map(|&c| if c == NONE { NONE } else { remap[c as usize] }));
        }
    }

    pub fn rows(&self) -> usize {
        self.table.line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_a_cell_is_str_trim() {
        for s in ["", " ", "a", " a", "a ", "\u{a0}Sales\u{a0}", "\tx\r", "ab", "a b", "é", " é ", "x\u{2003}", "\u{85}a", "\u{7f}a"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
