//! The scanner as DataFusion scalar UDFs. Every node (embedded session, Ballista scheduler,
//! Ballista executors) builds the same set from [`udfs`], so a plan that names them runs anywhere.

use culprit_postings::aggregate::{company_of, month_of, state_of};
use culprit_postings::{Matcher, Taxonomy, TextScan};
use datafusion::arrow::array::{Array, ArrayRef, Int32Array, ListArray, StringArray, StructArray, UInt16Array, UInt32Array};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{exec_err, Result as DfResult, ScalarValue};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility};
use std::sync::Arc;

/// The struct `ai_scan(description)` returns.
pub fn scan_fields() -> Fields {
    Fields::from(vec![
        Field::new("generic", DataType::Int32, false),
        Field::new("specific", DataType::Int32, false),
        Field::new("tool", DataType::Int32, false),
        Field::new("context", DataType::Utf8, false),
        // Distinct taxonomy terms mentioned, and how often each.
        Field::new("terms", DataType::List(Arc::new(Field::new("item", DataType::UInt16, false))), false),
        Field::new("term_counts", DataType::List(Arc::new(Field::new("item", DataType::UInt32, false))), false),
    ])
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Scan,
    Generic,
    Specific,
    Tool,
    Context,
    Month,
    State,
    Company,
    Version,
}

struct TextUdf {
    name: &'static str,
    kind: Kind,
    signature: Signature,
    matcher: Arc<Matcher>,
}

/// DataFusion compares UDFs (plan equality, common subexpressions): two are the same function
/// when they have the same name and kind and scan with the same taxonomy version.
impl PartialEq for TextUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.kind == other.kind && self.signature == other.signature && self.matcher.version() == other.matcher.version()
    }
}

impl Eq for TextUdf {}

impl std::hash::Hash for TextUdf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.name, self.kind, self.matcher.version()).hash(state);
    }
}

impl std::fmt::Debug for TextUdf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextUdf").field("name", &self.name).finish()
    }
}

/// The argument as a Utf8 array (Utf8View and LargeUtf8 are cast).
fn utf8(arg: &ColumnarValue, rows: usize) -> DfResult<StringArray> {
    let arr = arg.clone().into_array(rows)?;
    let arr = if arr.data_type() == &DataType::Utf8 { arr } else { datafusion::arrow::compute::cast(&arr, &DataType::Utf8)? };
    Ok(arr.as_any().downcast_ref::<StringArray>().expect("cast to Utf8").clone())
}

fn map_text<T: Send, F: Fn(&str) -> T + Sync>(s: &StringArray, f: F) -> Vec<Option<T>> {
    use rayon::prelude::*;
    // DataFusion already runs one partition per core; batches are scanned in parallel too so
    // that a single large file still uses every core.
    (0..s.len()).into_par_iter().map(|i| if s.is_null(i) { None } else { Some(f(s.value(i))) }).collect()
}

impl ScalarUDFImpl for TextUdf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(match self.kind {
            Kind::Scan => DataType::Struct(scan_fields()),
            Kind::Generic | Kind::Specific | Kind::Tool => DataType::Int32,
            _ => DataType::Utf8,
        })
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let rows = args.number_rows;
        if self.kind == Kind::Version {
            return Ok(ColumnarValue::Scalar(ScalarValue::Utf8(Some(self.matcher.version().to_string()))));
        }
        let Some(arg) = args.args.first() else { return exec_err!("{} takes one text argument", self.name) };
        let s = utf8(arg, rows)?;
        let m = &self.matcher;
        let out: ArrayRef = match self.kind {
            Kind::Generic | Kind::Specific | Kind::Tool => {
                let k = self.kind;
                let v = map_text(&s, |t| {
                    let mut buf = Vec::new();
                    let c = m.count(t, &mut buf);
                    c[match k {
                        Kind::Generic => 0,
                        Kind::Specific => 1,
                        _ => 2,
                    }] as i32
                });
                Arc::new(Int32Array::from(v))
            }
            Kind::Context => Arc::new(StringArray::from(map_text(&s, |t| m.scan(t).context().as_str()))),
            Kind::Month => Arc::new(StringArray::from(map_text(&s, month_of))),
            Kind::State => Arc::new(StringArray::from(map_text(&s, state_of))),
            Kind::Company => Arc::new(StringArray::from(map_text(&s, company_of))),
            Kind::Scan => scan_array(&map_text(&s, |t| m.scan(t))),
            Kind::Version => unreachable!("handled above"),
        };
        Ok(ColumnarValue::Array(out))
    }
}

/// A null description scans as an empty text (the plan filters null descriptions out anyway).
fn scan_array(scans: &[Option<TextScan>]) -> ArrayRef {
    static EMPTY: std::sync::OnceLock<TextScan> = std::sync::OnceLock::new();
    fn get(o: &Option<TextScan>) -> &TextScan {
        o.as_ref().unwrap_or_else(|| EMPTY.get_or_init(TextScan::default))
    }
    let generic = Int32Array::from_iter_values(scans.iter().map(|s| get(s).generic as i32));
    let specific = Int32Array::from_iter_values(scans.iter().map(|s| get(s).specific as i32));
    let tool = Int32Array::from_iter_values(scans.iter().map(|s| get(s).tool as i32));
    let context = StringArray::from_iter_values(scans.iter().map(|s| get(s).context().as_str()));
    let mut offsets = Vec::with_capacity(scans.len());
    let (mut terms, mut counts) = (Vec::new(), Vec::new());
    for s in scans {
        let s = get(s);
        let mut per: Vec<(u16, u32)> = Vec::new();
        for m in &s.mentions {
            match per.iter_mut().find(|(t, _)| *t == m.term) {
                Some(x) => x.1 += 1,
                None => per.push((m.term, 1)),
            }
        }
        per.sort_unstable();
        offsets.push(per.len());
        for (t, c) in per {
            terms.push(t);
            counts.push(c);
        }
    }
    let off = OffsetBuffer::from_lengths(offsets);
    let terms = ListArray::new(Arc::new(Field::new("item", DataType::UInt16, false)), off.clone(), Arc::new(UInt16Array::from(terms)), None);
    let counts = ListArray::new(Arc::new(Field::new("item", DataType::UInt32, false)), off, Arc::new(UInt32Array::from(counts)), None);
    Arc::new(StructArray::new(
        scan_fields(),
        vec![Arc::new(generic), Arc::new(specific), Arc::new(tool), Arc::new(context), Arc::new(terms), Arc::new(counts)],
        None,
    ))
}

/// Every culprit UDF for one taxonomy:
/// `ai_scan(text)` (struct of the counts, context and terms), `ai_generic_mentions(text)`,
/// `ai_specific_mentions(text)`, `ai_tool_mentions(text)`, `ai_context(text)`,
/// `posting_month(date)`, `posting_state(location)`, `posting_company(company)`,
/// `ai_taxonomy_version()`.
pub fn udfs(tax: &Taxonomy) -> Result<Vec<ScalarUDF>, culprit_postings::PostingsError> {
    let matcher = Arc::new(Matcher::new(tax)?);
    let text = || Signature::string(1, Volatility::Immutable);
    let make = |name: &'static str, kind: Kind, signature: Signature| ScalarUDF::from(TextUdf { name, kind, signature, matcher: matcher.clone() });
    Ok(vec![
        make("ai_scan", Kind::Scan, text()),
        make("ai_generic_mentions", Kind::Generic, text()),
        make("ai_specific_mentions", Kind::Specific, text()),
        make("ai_tool_mentions", Kind::Tool, text()),
        make("ai_context", Kind::Context, text()),
        make("posting_month", Kind::Month, text()),
        make("posting_state", Kind::State, text()),
        make("posting_company", Kind::Company, text()),
        make("ai_taxonomy_version", Kind::Version, Signature::nullary(Volatility::Immutable)),
    ])
}
