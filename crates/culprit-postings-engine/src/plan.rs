//! The scan as SQL: register each file as a table, select the mapped columns through the UDFs
//! (the heavy part, distributed on a cluster), stream the per-posting rows to the sink, then
//! aggregate them with GROUP BY queries into the same [`Aggregates`] the Rust scanner builds.

use crate::EngineError;
use culprit_postings::aggregate::{occupation_key, Aggregates, Counts, Dimension};
use culprit_postings::input::{FileReport, InputFormat};
use culprit_postings::job::PostingRow;
use culprit_postings::{ContextClass, Matcher, ScanOptions, TitleCoder};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int32Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Int64Type, Schema, UInt16Type, UInt64Type};
use datafusion::datasource::MemTable;
use datafusion::prelude::*;
use futures::StreamExt;
use std::path::PathBuf;
use std::sync::Arc;

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Register `path` as table `name` in `ctx`, by its extension.
async fn register(ctx: &SessionContext, name: &str, path: &std::path::Path, format: InputFormat) -> datafusion::error::Result<()> {
    let p = path.to_string_lossy();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    match format {
        InputFormat::Csv => ctx.register_csv(name, &p, CsvReadOptions::new().has_header(true).file_extension(&ext)).await,
        InputFormat::Jsonl => ctx.register_json(name, &p, JsonReadOptions::default().file_extension(&ext)).await,
        InputFormat::Parquet => ctx.register_parquet(name, &p, ParquetReadOptions::default().file_extension(&ext)).await,
    }
}

/// The columns of one file, as the input layer mapped them (the same mapping as the Rust scanner).
struct Cols {
    /// None: no id column, postings are numbered by their row (+ `id_offset`, so that a CSV's
    /// ids are its line numbers, as in the Rust scanner).
    id: Option<String>,
    id_offset: u64,
    date: Option<String>,
    company: Option<String>,
    title: Option<String>,
    description: Vec<String>,
    location: Option<String>,
    state: Option<String>,
}

/// The per-posting query for one registered table.
fn scan_sql(table: &str, cols: &Cols) -> String {
    let text = |c: &Option<String>| match c {
        Some(c) => format!("COALESCE(CAST({} AS VARCHAR), '')", quote(c)),
        None => "''".to_string(),
    };
    let id = match &cols.id {
        Some(c) => format!("CAST({} AS VARCHAR)", quote(c)),
        None => format!("CAST(row_number() OVER () + {} AS VARCHAR)", cols.id_offset),
    };
    // Several text columns are scanned together, in column order, as the Rust scanner joins them.
    let desc = if cols.description.len() == 1 {
        format!("CAST({} AS VARCHAR)", quote(&cols.description[0]))
    } else {
        let parts: Vec<String> = cols.description.iter().map(|c| format!("NULLIF(CAST({} AS VARCHAR), '')", quote(c))).collect();
        format!("NULLIF(concat_ws(chr(10) || chr(10), {}), '')", parts.join(", "))
    };
    let location = match (&cols.location, &cols.state) {
        (Some(l), Some(st)) => format!("concat_ws(', ', NULLIF(CAST({} AS VARCHAR), ''), NULLIF(CAST({} AS VARCHAR), ''))", quote(l), quote(st)),
        (None, Some(st)) => text(&Some(st.clone())),
        (l, None) => text(l),
    };
    let id_filter = if cols.id.is_some() { format!(" AND {id} IS NOT NULL AND {id} <> ''") } else { String::new() };
    format!(
        "SELECT {id} AS id, posting_month({date}) AS month, posting_company({company}) AS company, {title} AS title, \
         posting_state({location}) AS state, ai_scan({desc}) AS s, octet_length({desc}) AS bytes \
         FROM {table} WHERE {desc} IS NOT NULL{id_filter}",
        date = text(&cols.date),
        company = text(&cols.company),
        title = text(&cols.title),
    )
}

/// The flat table the aggregates are computed from.
fn scanned_schema() -> Arc<Schema> {
    let fields = crate::udf::scan_fields();
    let mut v = vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("month", DataType::Utf8, true),
        Field::new("company", DataType::Utf8, true),
        Field::new("occupation", DataType::Utf8, false),
        Field::new("state", DataType::Utf8, true),
    ];
    v.extend(fields.iter().map(|f| f.as_ref().clone()));
    Arc::new(Schema::new(v))
}

/// How long each cluster job may take, and the cluster's URL for the error.
pub struct Deadline {
    pub url: String,
    pub limit: std::time::Duration,
}

impl Deadline {
    /// `fut`, or the timeout error naming `what` if it outlasts the deadline (none: no limit).
    pub(crate) async fn wait<T>(d: Option<&Deadline>, what: impl FnOnce() -> String, fut: impl std::future::Future<Output = T>) -> Result<T, EngineError> {
        match d {
            None => Ok(fut.await),
            Some(d) => tokio::time::timeout(d.limit, fut).await.map_err(|_| EngineError::ClusterTimeout { url: d.url.clone(), what: what(), secs: d.limit.as_secs() }),
        }
    }
}

pub struct EngineOutcome {
    pub aggregates: Aggregates,
    pub files: Vec<FileReport>,
}

/// Run the scan on `ctx` (embedded, or a Ballista remote session) over `paths`. The aggregation
/// of the per-posting rows runs in a local session. With a `deadline` (cluster runs), a job that
/// does not finish in time aborts that file's scan, which its report says.
pub async fn scan<F>(ctx: &SessionContext, paths: &[PathBuf], m: &Matcher, coder: &dyn TitleCoder, opts: &ScanOptions, deadline: Option<&Deadline>, mut sink: F) -> Result<EngineOutcome, EngineError>
where
    F: FnMut(&[PostingRow]) -> culprit_postings::Result<()>,
{
    let mut files = Vec::new();
    let mut scanned: Vec<RecordBatch> = Vec::new();
    for (fi, path) in paths.iter().enumerate() {
        let format = match InputFormat::from_path(path) {
            Ok(f) => f,
            Err(e) => {
                let mut r = FileReport::new(path, None);
                r.aborted = Some(e.to_string());
                files.push(r);
                continue;
            }
        };
        let mut report = FileReport::new(path, Some(format));
        if !path.exists() {
            report.aborted = Some(format!("{}: no such file", path.display()));
            files.push(report);
            continue;
        }
        let table = format!("culprit_input_{fi}");
        let res: Result<(), EngineError> = async {
            register(ctx, &table, path, format).await.map_err(|e| EngineError::Read { path: path.clone(), source: e })?;
            // The same column mapping as the Rust scanner, from the input layer.
            let (t, mapping) = culprit_postings::input::map_columns(path, &opts.map).map_err(EngineError::Postings)?;
            let header_line = t.info.header_line;
            drop(t);
            let one = |k: &str| mapping.header(k).map(str::to_string);
            let cols = Cols {
                id: one("id"),
                id_offset: if format == InputFormat::Csv { header_line.max(1) } else { 0 },
                date: one("date"),
                company: one("company"),
                title: one("title"),
                description: mapping.all("description").iter().map(|&c| mapping.columns.iter().find(|x| x.column == c).map(|x| x.header.clone()).unwrap_or_default()).collect(),
                location: one("location"),
                state: one("state"),
            };
            report.ids_from_rows = cols.id.is_none();
            report.missing_columns = ["id", "date", "company", "title", "location"].iter().filter(|f| !mapping.has(f)).map(|f| f.to_string()).collect();
            report.mapping = Some(mapping);
            let count = ctx.sql(&format!("SELECT count(*) FROM {table}")).await.map_err(|e| EngineError::Read { path: path.clone(), source: e })?;
            let total = Deadline::wait(deadline, || format!("counting the rows of {}", path.display()), count.collect())
                .await?
                .map_err(|e| EngineError::Read { path: path.clone(), source: e })?;
            report.rows_read = total.first().map(|b| b.column(0).as_primitive::<Int64Type>().value(0) as u64).unwrap_or(0);
            let df = ctx.sql(&scan_sql(&table, &cols)).await.map_err(|e| EngineError::Read { path: path.clone(), source: e })?;
            let what = || format!("the scan of {}", path.display());
            let mut stream = Deadline::wait(deadline, what, df.execute_stream()).await?.map_err(|e| EngineError::Read { path: path.clone(), source: e })?;
            // On a cluster the first batch comes when the whole job is done.
            while let Some(batch) = Deadline::wait(deadline, what, stream.next()).await? {
                let batch = batch.map_err(|e| EngineError::Read { path: path.clone(), source: e })?;
                let (rows, flat, bytes) = flatten(&batch, coder)?;
                report.rows_scanned += rows.len() as u64;
                report.description_bytes += bytes;
                sink(&rows)?;
                scanned.push(flat);
            }
            Ok(())
        }
        .await;
        if let Err(e) = res {
            report.aborted = Some(e.to_string());
        }
        if report.aborted.is_none() && report.rows_read > report.rows_scanned {
            let n = report.rows_read - report.rows_scanned;
            report.rows_skipped = n;
            report.errors.push(culprit_postings::input::RowError { line: 0, message: format!("{n} rows without an id or a description") });
        }
        let _ = ctx.deregister_table(&table);
        files.push(report);
    }
    let aggregates = aggregate(scanned, m, &opts.dims).await.map_err(EngineError::Aggregate)?;
    Ok(EngineOutcome { aggregates, files })
}

fn str_col(b: &RecordBatch, name: &str) -> Result<StringArray, EngineError> {
    let c = b.column_by_name(name).ok_or_else(|| EngineError::Plan(format!("result has no column {name}")))?;
    let c = if c.data_type() == &DataType::Utf8 { c.clone() } else { datafusion::arrow::compute::cast(c, &DataType::Utf8).map_err(|e| EngineError::Plan(e.to_string()))? };
    Ok(c.as_string::<i32>().clone())
}

/// Per-posting rows for the sink, the flat batch for the aggregates, and description bytes.
fn flatten(b: &RecordBatch, coder: &dyn TitleCoder) -> Result<(Vec<PostingRow>, RecordBatch, u64), EngineError> {
    let id = str_col(b, "id")?;
    let month = str_col(b, "month")?;
    let company = str_col(b, "company")?;
    let title = str_col(b, "title")?;
    let state = str_col(b, "state")?;
    let s = b.column_by_name("s").ok_or_else(|| EngineError::Plan("result has no column s".into()))?.as_struct().clone();
    let bytes = b.column_by_name("bytes").map(|c| datafusion::arrow::compute::cast(c, &DataType::Int64)).transpose().map_err(|e| EngineError::Plan(e.to_string()))?;
    let total_bytes: u64 = bytes.map(|c| c.as_primitive::<Int64Type>().iter().flatten().sum::<i64>() as u64).unwrap_or(0);
    let g = s.column(0).as_primitive::<Int32Type>();
    let sp = s.column(1).as_primitive::<Int32Type>();
    let t = s.column(2).as_primitive::<Int32Type>();
    let ctx = s.column(3).as_string::<i32>();
    let occupation: StringArray = (0..b.num_rows()).map(|i| Some(occupation_key(coder.code(title.value(i))))).collect();
    let mut rows = Vec::with_capacity(b.num_rows());
    for i in 0..b.num_rows() {
        let context = ContextClass::parse(ctx.value(i)).ok_or_else(|| EngineError::Plan(format!("unknown context {}", ctx.value(i))))?;
        let (gi, si, ti) = (g.value(i) as u32, sp.value(i) as u32, t.value(i) as u32);
        rows.push(PostingRow {
            id: id.value(i).to_string(),
            generic_mentions: gi,
            specific_mentions: si,
            tool_mentions: ti,
            context,
            specificity: (gi + si > 0).then(|| si as f64 / (gi + si) as f64),
            month: month.value(i).to_string(),
            company: company.value(i).to_string(),
            occupation: occupation.value(i).to_string(),
            state: state.value(i).to_string(),
        });
    }
    let mut cols: Vec<ArrayRef> = vec![Arc::new(id), Arc::new(month), Arc::new(company), Arc::new(occupation), Arc::new(state)];
    cols.extend(s.columns().iter().cloned());
    let flat = RecordBatch::try_new(scanned_schema(), cols).map_err(|e| EngineError::Plan(e.to_string()))?;
    Ok((rows, flat, total_bytes))
}

const COUNTS_SQL: &str = "count(*) AS postings, \
    sum(CASE WHEN generic + specific + tool > 0 THEN 1 ELSE 0 END) AS ai_postings, \
    sum(generic) AS g, sum(specific) AS s, sum(tool) AS t, \
    sum(CASE WHEN generic > 0 AND specific = 0 AND tool = 0 THEN 1 ELSE 0 END) AS generic_only, \
    sum(CASE WHEN context = 'none' THEN 1 ELSE 0 END) AS c0, \
    sum(CASE WHEN context = 'bare_mention' THEN 1 ELSE 0 END) AS c1, \
    sum(CASE WHEN context = 'hiring_process' THEN 1 ELSE 0 END) AS c2, \
    sum(CASE WHEN context = 'use_tools' THEN 1 ELSE 0 END) AS c3, \
    sum(CASE WHEN context = 'build' THEN 1 ELSE 0 END) AS c4";

fn counts_of(b: &RecordBatch, i: usize, first: usize) -> Counts {
    let v = |k: usize| -> u64 {
        let c = b.column(first + k);
        let c = datafusion::arrow::compute::cast(c, &DataType::Int64).expect("integer sums");
        let a = c.as_primitive::<Int64Type>();
        if a.is_null(i) { 0 } else { a.value(i) as u64 }
    };
    Counts {
        postings: v(0),
        ai_postings: v(1),
        generic_mentions: v(2),
        specific_mentions: v(3),
        tool_mentions: v(4),
        generic_only: v(5),
        contexts: [v(6), v(7), v(8), v(9), v(10)],
    }
}

/// The GROUP BY queries over the per-posting rows.
async fn aggregate(batches: Vec<RecordBatch>, m: &Matcher, dims: &[Dimension]) -> datafusion::error::Result<Aggregates> {
    let local = SessionContext::new();
    let table = MemTable::try_new(scanned_schema(), vec![batches])?;
    local.register_table("scanned", Arc::new(table))?;
    let mut agg = Aggregates::new(m.terms().len(), dims);
    let overall = local.sql(&format!("SELECT {COUNTS_SQL} FROM scanned")).await?.collect().await?;
    if let Some(b) = overall.first() {
        agg.overall = counts_of(b, 0, 0);
        if agg.overall.postings == 0 {
            agg.overall = Counts::default();
        }
    }
    for d in dims {
        let groups = agg.groups.get_mut(d).expect("created for each dimension");
        let col = d.as_str();
        for b in local.sql(&format!("SELECT {col} AS key, {COUNTS_SQL} FROM scanned GROUP BY {col}")).await?.collect().await? {
            let keys = b.column(0).as_string::<i32>().clone();
            for i in 0..b.num_rows() {
                groups.insert(keys.value(i).to_string(), counts_of(&b, i, 1));
            }
        }
    }
    let kw = local
        .sql("SELECT term, sum(n) AS mentions, count(*) AS postings FROM (SELECT unnest(terms) AS term, unnest(term_counts) AS n FROM scanned) GROUP BY term")
        .await?
        .collect()
        .await?;
    for b in kw {
        let term = b.column(0).as_primitive::<UInt16Type>();
        let mentions = datafusion::arrow::compute::cast(b.column(1), &DataType::UInt64)?;
        let mentions = mentions.as_primitive::<UInt64Type>();
        let postings = datafusion::arrow::compute::cast(b.column(2), &DataType::UInt64)?;
        let postings = postings.as_primitive::<UInt64Type>();
        for i in 0..b.num_rows() {
            let t = term.value(i) as usize;
            agg.keywords.mentions[t] = mentions.value(i);
            agg.keywords.postings[t] = postings.value(i);
        }
    }
    let _ = Int32Array::from(Vec::<i32>::new());
    Ok(agg)
}
