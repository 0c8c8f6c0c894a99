//! Writing result tables as CSV and Parquet. Result rows are typed serde structs (the same ones
//! JSON output uses); a small serializer turns flat rows (with `#[serde(flatten)]` maps, e.g.
//! one column per exposure measure) into typed columns.

use crate::error::{OrgError, Result};
use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray};
use arrow::datatypes::{DataType, Field as AField, Schema};
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::ser::{self, Impossible, Serialize};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

#[derive(Debug, Clone)]
pub enum ColumnData {
    /// Only nulls so far.
    Null(usize),
    Bool(Vec<Option<bool>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Str(Vec<Option<String>>),
}

impl ColumnData {
    fn len(&self) -> usize {
        match self {
            ColumnData::Null(n) => *n,
            ColumnData::Bool(v) => v.len(),
            ColumnData::Int(v) => v.len(),
            ColumnData::Float(v) => v.len(),
            ColumnData::Str(v) => v.len(),
        }
    }

    fn push(&mut self, c: Cell) {
        use ColumnData as D;
        if let D::Null(n) = self {
            let n = *n;
            *self = match &c {
                Cell::Null => D::Null(n + 1),
                Cell::Bool(_) => D::Bool(vec![None; n]),
                Cell::Int(_) => D::Int(vec![None; n]),
                Cell::Float(_) => D::Float(vec![None; n]),
                Cell::Str(_) => D::Str(vec![None; n]),
            };
            if matches!(c, Cell::Null) {
                return;
            }
        }
        if let (D::Int(v), Cell::Float(_)) = (&*self, &c) {
            *self = D::Float(v.iter().map(|x| x.map(|i| i as f64)).collect());
        }
        match (self, c) {
            (D::Bool(v), Cell::Bool(b)) => v.push(Some(b)),
            (D::Int(v), Cell::Int(i)) => v.push(Some(i)),
            (D::Float(v), Cell::Float(f)) => v.push(Some(f)),
            (D::Float(v), Cell::Int(i)) => v.push(Some(i as f64)),
            (D::Str(v), Cell::Str(s)) => v.push(Some(s)),
            (D::Str(v), other) => v.push(Some(cell_text(&other))),
            (D::Bool(v), _) => v.push(None),
            (D::Int(v), _) => v.push(None),
            (D::Float(v), _) => v.push(None),
            (D::Null(_), _) => unreachable!(),
        }
    }

    /// Append the text of row i to `out` (nothing for null).
    fn write_text(&self, i: usize, out: &mut String) {
        use std::fmt::Write;
        match self {
            ColumnData::Null(_) => {}
            ColumnData::Bool(v) => {
                if let Some(b) = v[i] {
                    let _ = write!(out, "{b}");
                }
            }
            ColumnData::Int(v) => {
                if let Some(x) = v[i] {
                    let _ = write!(out, "{x}");
                }
            }
            ColumnData::Float(v) => {
                if let Some(f) = v[i] {
                    write_float(f, out);
                }
            }
            ColumnData::Str(v) => {
                if let Some(x) = &v[i] {
                    out.push_str(x);
                }
            }
        }
    }
}

/// Whole numbers without decimals; others with at most six decimals, trailing zeros trimmed.
fn write_float(f: f64, out: &mut String) {
    use std::fmt::Write;
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
    } else if !write_six_decimals_fast(f, out) {
        let start = out.len();
        let _ = write!(out, "{f:.6}");
        let trimmed = out[start..].trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(start + trimmed);
    }
}

/// `{f:.6}` with trailing zeros trimmed, through one multiplication and integer printing instead
/// of exact decimal expansion (teams.csv writes millions of shares and means). Only where the
/// result is provably the same: 0 < f < 10^6, so x = f·10^6 is within 1.2·10^-4 of the exact
/// product, and x's fraction is not within 10^-3 of one half, so x and the exact product round
/// to the same integer. Returns false (nothing written) otherwise.
#[inline]
fn write_six_decimals_fast(f: f64, out: &mut String) -> bool {
    if !(f > 0.0 && f < 1e6) {
        return false;
    }
    let x = f * 1e6;
    if (x - x.floor() - 0.5).abs() <= 1e-3 {
        return false;
    }
    let r = x.round() as u64;
    let (int, mut frac) = (r / 1_000_000, r % 1_000_000);
    let mut digits = itoa::Buffer::new();
    out.push_str(digits.format(int));
    if frac != 0 {
        let mut width = 6;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        out.push('.');
        let text = digits.format(frac);
        (text.len()..width).for_each(|_| out.push('0'));
        out.push_str(text);
    }
    true
}

fn fmt_float(f: f64) -> String {
    let mut s = String::new();
    write_float(f, &mut s);
    s
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Bool(b) => b.to_string(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => fmt_float(*f),
        Cell::Str(s) => s.clone(),
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
}

/// A table as typed columns.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub columns: Vec<Column>,
    pub rows: usize,
}

impl Frame {
    /// Columns from rows of a flat serde struct. Column names and order come from the first row.
    pub fn from_rows<T: Serialize>(rows: &[T]) -> Result<Frame> {
        let mut f = Frame::default();
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            cells.clear();
            // Column names are taken from the first row only: later rows have the same fields.
            let mut names = Vec::new();
            let ser = RowSer { cells: &mut cells, names: (r == 0).then_some(&mut names) };
            row.serialize(ser).map_err(|e| OrgError::Option(format!("table row: {e}")))?;
            if r == 0 {
                f.columns = names.into_iter().map(|name| Column { name, data: ColumnData::Null(0) }).collect();
            }
            if cells.len() != f.columns.len() {
                return Err(OrgError::Option(format!("table row {r} has {} columns, the first row {}", cells.len(), f.columns.len())));
            }
            for (col, c) in f.columns.iter_mut().zip(cells.drain(..)) {
                col.data.push(c);
            }
            f.rows += 1;
        }
        Ok(f)
    }

    pub fn write_csv(&self, path: &Path) -> Result<()> {
        let werr = |e: &dyn std::fmt::Display| OrgError::Write { path: path.to_path_buf(), message: e.to_string() };
        let mut w = csv::Writer::from_path(path).map_err(|e| werr(&e))?;
        w.write_record(self.columns.iter().map(|c| c.name.as_str())).map_err(|e| werr(&e))?;
        let mut cell = String::new();
        for i in 0..self.rows {
            for c in &self.columns {
                cell.clear();
                c.data.write_text(i, &mut cell);
                w.write_field(&cell).map_err(|e| werr(&e))?;
            }
            w.write_record(None::<&[u8]>).map_err(|e| werr(&e))?;
        }
        w.flush().map_err(|e| werr(&e))
    }

    pub fn write_parquet(&self, path: &Path) -> Result<()> {
        let werr = |e: &dyn std::fmt::Display| OrgError::Write { path: path.to_path_buf(), message: e.to_string() };
        let mut fields = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        for c in &self.columns {
            debug_assert_eq!(c.data.len(), self.rows);
            let (t, a): (DataType, ArrayRef) = match &c.data {
                ColumnData::Null(n) => (DataType::Utf8, Arc::new(StringArray::from(vec![None::<String>; *n]))),
                ColumnData::Bool(v) => (DataType::Boolean, Arc::new(BooleanArray::from(v.clone()))),
                ColumnData::Int(v) => (DataType::Int64, Arc::new(Int64Array::from(v.clone()))),
                ColumnData::Float(v) => (DataType::Float64, Arc::new(Float64Array::from(v.clone()))),
                ColumnData::Str(v) => (DataType::Utf8, Arc::new(StringArray::from(v.clone()))),
            };
            fields.push(AField::new(&c.name, t, true));
            arrays.push(a);
        }
        let schema = Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| werr(&e))?;
        write_batches(path, schema, &[batch])
    }
}

/// Write record batches to a Snappy-compressed Parquet file.
pub fn write_batches(path: &Path, schema: Arc<Schema>, batches: &[RecordBatch]) -> Result<()> {
    let werr = |e: &dyn std::fmt::Display| OrgError::Write { path: path.to_path_buf(), message: e.to_string() };
    let file = std::fs::File::create(path).map_err(|e| werr(&e))?;
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut w = ArrowWriter::try_new(file, schema, Some(props)).map_err(|e| werr(&e))?;
    for b in batches {
        w.write(b).map_err(|e| werr(&e))?;
    }
    w.close().map_err(|e| werr(&e))?;
    Ok(())
}

/// Write a table as `<dir>/<name>.csv` and `<dir>/<name>.parquet`.
pub fn write_table<T: Serialize>(dir: &Path, name: &str, rows: &[T]) -> Result<Vec<std::path::PathBuf>> {
    let f = Frame::from_rows(rows)?;
    let csv = dir.join(format!("{name}.csv"));
    let pq = dir.join(format!("{name}.parquet"));
    if f.rows > 0 {
        // The two files are independent: the largest table (teams, one row per manager) is the
        // last one written, so its CSV and Parquet go to both cores.
        let (c, p) = rayon::join(|| f.write_csv(&csv), || f.write_parquet(&pq));
        c?;
        p?;
        Ok(vec![csv, pq])
    } else {
        f.write_csv(&csv)?;
        Ok(vec![csv])
    }
}

#[derive(Debug)]
struct SerErr(String);
impl std::fmt::Display for SerErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for SerErr {}
impl ser::Error for SerErr {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerErr(msg.to_string())
    }
}

struct RowSer<'a> {
    cells: &'a mut Vec<Cell>,
    names: Option<&'a mut Vec<String>>,
}

struct RowMap<'a> {
    cells: &'a mut Vec<Cell>,
    names: Option<&'a mut Vec<String>>,
}

impl<'a> ser::SerializeStruct for RowMap<'a> {
    type Ok = ();
    type Error = SerErr;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), SerErr> {
        if let Some(n) = self.names.as_mut() {
            n.push(key.to_string());
        }
        self.cells.push(value.serialize(CellSer)?);
        Ok(())
    }
    fn end(self) -> Result<(), SerErr> {
        Ok(())
    }
}

impl<'a> ser::SerializeMap for RowMap<'a> {
    type Ok = ();
    type Error = SerErr;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), SerErr> {
        if let Some(n) = self.names.as_mut() {
            n.push(match key.serialize(CellSer)? {
                Cell::Str(s) => s,
                other => cell_text(&other),
            });
        }
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerErr> {
        self.cells.push(value.serialize(CellSer)?);
        Ok(())
    }
    fn end(self) -> Result<(), SerErr> {
        Ok(())
    }
}

macro_rules! unsupported {
    ($($name:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ret, SerErr> { Err(SerErr(concat!("unsupported in a table row: ", stringify!($name)).into())) })*
    };
}

impl<'a> ser::Serializer for RowSer<'a> {
    type Ok = ();
    type Error = SerErr;
    type SerializeSeq = Impossible<(), SerErr>;
    type SerializeTuple = Impossible<(), SerErr>;
    type SerializeTupleStruct = Impossible<(), SerErr>;
    type SerializeTupleVariant = Impossible<(), SerErr>;
    type SerializeMap = RowMap<'a>;
    type SerializeStruct = RowMap<'a>;
    type SerializeStructVariant = Impossible<(), SerErr>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<RowMap<'a>, SerErr> {
        Ok(RowMap { cells: self.cells, names: self.names })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<RowMap<'a>, SerErr> {
        Ok(RowMap { cells: self.cells, names: self.names })
    }
    unsupported! {
        serialize_bool(bool) -> (); serialize_i8(i8) -> (); serialize_i16(i16) -> (); serialize_i32(i32) -> ();
        serialize_i64(i64) -> (); serialize_u8(u8) -> (); serialize_u16(u16) -> (); serialize_u32(u32) -> ();
        serialize_u64(u64) -> (); serialize_f32(f32) -> (); serialize_f64(f64) -> (); serialize_char(char) -> ();
        serialize_str(&str) -> (); serialize_bytes(&[u8]) -> (); serialize_none() -> (); serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> (); serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq; serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), SerErr> {
        v.serialize(self)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Result<(), SerErr> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), SerErr> {
        Err(SerErr("unsupported in a table row: newtype variant".into()))
    }
}

struct CellSer;

impl ser::Serializer for CellSer {
    type Ok = Cell;
    type Error = SerErr;
    type SerializeSeq = Impossible<Cell, SerErr>;
    type SerializeTuple = Impossible<Cell, SerErr>;
    type SerializeTupleStruct = Impossible<Cell, SerErr>;
    type SerializeTupleVariant = Impossible<Cell, SerErr>;
    type SerializeMap = Impossible<Cell, SerErr>;
    type SerializeStruct = Impossible<Cell, SerErr>;
    type SerializeStructVariant = Impossible<Cell, SerErr>;

    fn serialize_bool(self, v: bool) -> Result<Cell, SerErr> {
        Ok(Cell::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Cell, SerErr> {
        Ok(Cell::Int(v as i64))
    }
    fn serialize_f32(self, v: f32) -> Result<Cell, SerErr> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Cell, SerErr> {
        Ok(if v.is_finite() { Cell::Float(v) } else { Cell::Null })
    }
    fn serialize_char(self, v: char) -> Result<Cell, SerErr> {
        Ok(Cell::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Cell, SerErr> {
        Ok(Cell::Str(v.to_string()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Cell, SerErr> {
        Err(SerErr("bytes in a table cell".into()))
    }
    fn serialize_none(self) -> Result<Cell, SerErr> {
        Ok(Cell::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Cell, SerErr> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Cell, SerErr> {
        Ok(Cell::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Cell, SerErr> {
        Ok(Cell::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Cell, SerErr> {
        Ok(Cell::Str(variant.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Result<Cell, SerErr> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<Cell, SerErr> {
        Err(SerErr("enum with data in a table cell".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerErr> {
        Err(SerErr("a list in a table cell".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerErr> {
        Err(SerErr("a tuple in a table cell".into()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, SerErr> {
        Err(SerErr("a tuple in a table cell".into()))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, SerErr> {
        Err(SerErr("a tuple in a table cell".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerErr> {
        Err(SerErr("a map in a table cell".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, SerErr> {
        Err(SerErr("a struct in a table cell".into()))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, SerErr> {
        Err(SerErr("a struct in a table cell".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Inner {
        coded: u64,
        #[serde(flatten)]
        m: BTreeMap<String, Option<f64>>,
    }

    #[derive(Serialize)]
    struct Row {
        name: String,
        n: u32,
        pay: Option<f64>,
        ok: bool,
        #[serde(flatten)]
        inner: Inner,
    }

    #[test]
    fn fast_six_decimals_agree_with_exact_formatting() {
        fn exact(f: f64) -> String {
            let s = format!("{f:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        let mut values = vec![0.5, 0.4338065, 0.0000005, 0.0000015, 0.9999995, 0.99999951, 1e-7, 51962.30831, 999_999.9999996, 2.5e-6, 0.1, 0.7];
        // Halves at the sixth decimal (the hard case) and a fixed-seed spread over magnitudes.
        values.extend((0..2000).map(|i| (i as f64 + 0.5) / 1e6));
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200_000 {
            let mantissa: f64 = rng.gen();
            values.push(mantissa * 10f64.powi(rng.gen_range(-6..=6)));
        }
        for f in values {
            let mut fast = String::new();
            if write_six_decimals_fast(f, &mut fast) {
                assert_eq!(fast, exact(f), "{f:e}");
            }
            let mut any = String::new();
            write_float(f, &mut any);
            let want = if f.fract() == 0.0 { format!("{}", f as i64) } else { exact(f) };
            assert_eq!(any, want, "{f:e}");
        }
    }

    #[test]
    fn flat_rows_become_typed_columns_and_files() {
        let rows: Vec<Row> = (0..3)
            .map(|i| Row {
                name: format!("g{i}"),
                n: i,
                pay: (i != 1).then_some(i as f64 * 1.5),
                ok: i % 2 == 0,
                inner: Inner { coded: 7, m: [("exposure_a".to_string(), Some(0.25)), ("exposure_b".to_string(), None)].into() },
            })
            .collect();
        let f = Frame::from_rows(&rows).unwrap();
        let names: Vec<&str> = f.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["name", "n", "pay", "ok", "coded", "exposure_a", "exposure_b"]);
        assert!(matches!(&f.columns[2].data, ColumnData::Float(v) if v[1].is_none() && v[2] == Some(3.0)));
        let dir = tempfile::tempdir().unwrap();
        let paths = write_table(dir.path(), "t", &rows).unwrap();
        let text = std::fs::read_to_string(&paths[0]).unwrap();
        assert_eq!(text.lines().nth(2).unwrap(), "g1,1,,false,7,0.25,");
        let pq = std::fs::File::open(&paths[1]).unwrap();
        let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(pq).unwrap();
        assert_eq!(r.metadata().file_metadata().num_rows(), 3);
        assert_eq!(r.schema().fields().len(), 7);
    }
}
