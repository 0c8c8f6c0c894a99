//! The market barometer's monthly sums as SQL on DataFusion: the notices as Parquet (one row per
//! notice: month, state, jobs, NAICS code, status), joined to the NAICS -> industry exposure table
//! and summed by month. The notices' classification (duplicates, amendments, dates, jobs) is the
//! Rust path's (culprit-evidence `market`), written into `status`; this query does what grows
//! with the register: the join and the aggregation, embedded or on a Ballista cluster. A test in
//! culprit-cli checks that it gives the Rust path's numbers, month by month.

use crate::EngineError;
use datafusion::arrow::array::{Array, AsArray, Float64Array, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Int64Type, Schema};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// One notice as the query reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRow {
    /// `2023-01`; empty without a usable date.
    pub month: String,
    pub state: String,
    pub jobs: i64,
    pub naics: String,
    /// `counted`, or the reason it was set apart.
    pub status: String,
}

/// Monthly sums: jobs, notices and jobs x exposure.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthSums {
    pub month: String,
    pub jobs: i64,
    pub notices: i64,
    pub weighted: f64,
}

fn err(e: impl std::fmt::Display) -> EngineError {
    EngineError::Plan(format!("market query: {e}"))
}

/// Write the notices as Parquet.
pub fn write_notices(path: &Path, rows: &[NoticeRow]) -> Result<(), EngineError> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("month", DataType::Utf8, false),
        Field::new("state", DataType::Utf8, false),
        Field::new("jobs", DataType::Int64, false),
        Field::new("naics", DataType::Utf8, false),
        Field::new("status", DataType::Utf8, false),
    ]));
    let col = |f: &dyn Fn(&NoticeRow) -> &str| Arc::new(StringArray::from(rows.iter().map(|r| f(r).to_string()).collect::<Vec<_>>())) as Arc<dyn Array>;
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![col(&|r| &r.month), col(&|r| &r.state), Arc::new(Int64Array::from(rows.iter().map(|r| r.jobs).collect::<Vec<_>>())), col(&|r| &r.naics), col(&|r| &r.status)],
    )
    .map_err(err)?;
    write(path, schema, batch)
}

/// Write the NAICS code -> exposure table (one measure) as Parquet.
pub fn write_exposures(path: &Path, rows: &[(String, f64)]) -> Result<(), EngineError> {
    let schema = Arc::new(Schema::new(vec![Field::new("naics", DataType::Utf8, false), Field::new("exposure", DataType::Float64, false)]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(StringArray::from(rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>())), Arc::new(Float64Array::from(rows.iter().map(|r| r.1).collect::<Vec<_>>()))],
    )
    .map_err(err)?;
    write(path, schema, batch)
}

fn write(path: &Path, schema: Arc<Schema>, batch: RecordBatch) -> Result<(), EngineError> {
    let f = std::fs::File::create(path).map_err(|e| err(format!("{}: {e}", path.display())))?;
    let mut w = ArrowWriter::try_new(f, schema, None).map_err(err)?;
    w.write(&batch).map_err(err)?;
    w.close().map_err(err)?;
    Ok(())
}

/// The query: counted notices of the window (and states, when given), joined to their
/// industry's exposure, summed by month.
pub fn monthly_sql(from: &str, to: &str, states: &[String]) -> String {
    let states = if states.is_empty() {
        String::new()
    } else {
        format!(" AND n.state IN ({})", states.iter().map(|s| format!("'{}'", s.replace('\'', "''"))).collect::<Vec<_>>().join(", "))
    };
    format!(
        "SELECT n.month AS month, SUM(n.jobs) AS jobs, COUNT(*) AS notices, SUM(CAST(n.jobs AS DOUBLE) * e.exposure) AS weighted \
         FROM notices n JOIN exposures e ON n.naics = e.naics \
         WHERE n.status = 'counted' AND n.month >= '{from}' AND n.month <= '{to}'{states} \
         GROUP BY n.month ORDER BY n.month"
    )
}

/// Run the query on a context (embedded or a cluster's) over the two Parquet files.
pub async fn monthly(ctx: &SessionContext, notices: &Path, exposures: &Path, from: &str, to: &str, states: &[String]) -> Result<Vec<MonthSums>, EngineError> {
    let opts = || ParquetReadOptions::default();
    ctx.register_parquet("notices", &notices.to_string_lossy(), opts()).await.map_err(|e| EngineError::Read { path: notices.into(), source: e })?;
    ctx.register_parquet("exposures", &exposures.to_string_lossy(), opts()).await.map_err(|e| EngineError::Read { path: exposures.into(), source: e })?;
    let batches = ctx.sql(&monthly_sql(from, to, states)).await.map_err(EngineError::Aggregate)?.collect().await.map_err(EngineError::Aggregate)?;
    let mut out = Vec::new();
    // Parquet strings come back as Utf8View, sums as they please: cast to plain types first.
    let cast = |a: &dyn Array, t: &DataType| datafusion::arrow::compute::cast(a, t).map_err(err);
    for b in batches {
        let (month, jobs, notices, weighted) = (cast(b.column(0), &DataType::Utf8)?, cast(b.column(1), &DataType::Int64)?, cast(b.column(2), &DataType::Int64)?, cast(b.column(3), &DataType::Float64)?);
        let month = month.as_string::<i32>();
        let jobs = jobs.as_primitive::<Int64Type>();
        let notices = notices.as_primitive::<Int64Type>();
        let weighted = weighted.as_primitive::<Float64Type>();
        for i in 0..b.num_rows() {
            out.push(MonthSums { month: month.value(i).to_string(), jobs: jobs.value(i), notices: notices.value(i), weighted: weighted.value(i) });
        }
    }
    Ok(out)
}

/// [`monthly`] on an embedded context, on a runtime of its own (for callers that are not async).
pub fn run_monthly(notices: &Path, exposures: &Path, from: &str, to: &str, states: &[String]) -> Result<Vec<MonthSums>, EngineError> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(EngineError::Runtime)?;
    rt.block_on(async {
        let ctx = SessionContext::new();
        monthly(&ctx, notices, exposures, from, to, states).await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_sums_join_and_filter() {
        let dir = tempfile::tempdir().unwrap();
        let (n, e) = (dir.path().join("n.parquet"), dir.path().join("e.parquet"));
        let row = |m: &str, s: &str, j: i64, c: &str, st: &str| NoticeRow { month: m.into(), state: s.into(), jobs: j, naics: c.into(), status: st.into() };
        write_notices(
            &n,
            &[
                row("2023-01", "WA", 100, "513210", "counted"),
                row("2023-01", "TX", 50, "311", "counted"),
                row("2023-01", "TX", 70, "311", "duplicate"),
                row("2023-02", "WA", 10, "513210", "counted"),
                row("2019-12", "WA", 10, "513210", "counted"),
                row("", "WA", 10, "", "no_date"),
            ],
        )
        .unwrap();
        write_exposures(&e, &[("513210".into(), 0.6), ("311".into(), 0.1)]).unwrap();
        let m = run_monthly(&n, &e, "2020-01", "2023-12", &[]).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].month.as_str(), m[0].jobs, m[0].notices), ("2023-01", 150, 2));
        assert!((m[0].weighted - 65.0).abs() < 1e-9);
        let wa = run_monthly(&n, &e, "2020-01", "2023-12", &["WA".into()]).unwrap();
        assert_eq!(wa.iter().map(|x| x.jobs).sum::<i64>(), 110);
    }
}
