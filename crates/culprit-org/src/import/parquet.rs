//! Parquet import through the arrow reader. Columns are cast to text and go through the same
//! row builder as CSV, so ids, pay and problems are treated alike.

use super::{ImportOptions, Progress};
use crate::columns::{self, Field};
use crate::error::{OrgError, Result};
use crate::raw::{Merger, RawTable, RowBuilder, SourceInfo};
use arrow::array::{Array, StringArray};
use arrow::datatypes::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;

fn perr(path: &Path, e: impl std::fmt::Display) -> OrgError {
    OrgError::Parquet { path: path.to_path_buf(), message: e.to_string() }
}

pub(super) fn read(path: &Path, opts: &ImportOptions, progress: Progress<'_>) -> Result<RawTable> {
    let file = std::fs::File::open(path).map_err(|e| OrgError::io(path, e))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| perr(path, e))?;
    let total = builder.metadata().file_metadata().num_rows() as u64;
    let headers: Vec<String> = builder.schema().fields().iter().map(|f| f.name().clone()).collect();
    let map = columns::resolve(path, &headers, &opts.map)?;
    let reader = builder.with_batch_size(64 * 1024).build().map_err(|e| perr(path, e))?;
    let source = SourceInfo {
        path: path.display().to_string(),
        format: "parquet".into(),
        bytes,
        encoding: "parquet (UTF-8)".into(),
        columns: map.columns.iter().map(|(f, _, h)| (*f, h.clone())).collect(),
        hours_per_year: opts.hours_per_year,
        notes: map.notes.clone(),
        ..Default::default()
    };
    let has_pay = map.columns.iter().any(|(f, _, _)| matches!(f, Field::Pay | Field::HourlyPay));
    let mut merger = Merger::new(source, has_pay);
    let mut row = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| perr(path, e))?;
        // Only the mapped columns are cast; the others stay unread.
        let mut texts: Vec<Option<StringArray>> = vec![None; map.width];
        for (_, idx, _) in &map.columns {
            let col = batch.column(*idx);
            let s = if col.data_type() == &DataType::Utf8 {
                col.clone()
            } else {
                arrow::compute::cast(col, &DataType::Utf8).map_err(|e| perr(path, e))?
            };
            texts[*idx] = Some(s.as_any().downcast_ref::<StringArray>().expect("cast to Utf8").clone());
        }
        let mut b = RowBuilder::new(&map, opts.hours_per_year, batch.num_rows());
        for r in 0..batch.num_rows() {
            row += 1;
            b.push(row, map.width, |k| texts[k].as_ref().and_then(|a| if a.is_null(r) { Some("") } else { Some(a.value(r)) }));
        }
        merger.append(b);
        progress("read", row, Some(total));
    }
    if merger.rows() == 0 {
        return Err(OrgError::HeaderOnly { path: path.to_path_buf() });
    }
    Ok(merger.table)
}
