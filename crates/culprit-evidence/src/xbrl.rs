//! A reader for XBRL instance documents (the `.xml` instance of a 10-K, or one extracted from an
//! inline filing): contexts (entity, period, dimensions), units and facts with their decimals.

use crate::error::{EvidenceError, Result};
use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Period {
    Instant(NaiveDate),
    Duration { start: NaiveDate, end: NaiveDate },
    Forever,
}

impl Period {
    pub fn end(&self) -> Option<NaiveDate> {
        match self {
            Period::Instant(d) => Some(*d),
            Period::Duration { end, .. } => Some(*end),
            Period::Forever => None,
        }
    }
    /// Length in days of a duration.
    pub fn days(&self) -> Option<i64> {
        match self {
            Period::Duration { start, end } => Some((*end - *start).num_days()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Context {
    pub id: String,
    pub entity: String,
    pub period: Period,
    /// Dimension members from `segment` or `scenario` (axis, member).
    pub dimensions: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Concept as `family:LocalName`, where the family is `us-gaap`, `dei`, `srt` or the prefix
    /// used in the file for other namespaces.
    pub concept: String,
    pub context: String,
    pub unit: Option<String>,
    /// `decimals` attribute: `-6` means rounded to millions; `INF` exact.
    pub decimals: Option<String>,
    pub value: String,
    pub id: Option<String>,
}

impl Fact {
    pub fn number(&self) -> Option<f64> {
        self.value.trim().replace(',', "").parse().ok()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct XbrlInstance {
    pub contexts: HashMap<String, Context>,
    /// Unit id -> measure (e.g. `iso4217:USD`, `iso4217:USD/shares`).
    pub units: HashMap<String, String>,
    pub facts: Vec<Fact>,
}

/// A `<context>` being read, by the instance reader here and the inline reader (`ixbrl`): its
/// entity, period parts and dimension members, filled as the elements inside it open and close.
#[derive(Debug, Default)]
pub(crate) struct ContextBuilder {
    id: String,
    entity: String,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    instant: Option<NaiveDate>,
    forever: bool,
    dims: Vec<(String, String)>,
    /// The element whose text is being read, and the axis of a member being read.
    reading: Option<&'static str>,
    axis: Option<String>,
}

impl ContextBuilder {
    pub(crate) fn new(id: String) -> Self {
        ContextBuilder { id, ..Default::default() }
    }

    /// An element opened inside the context (by its local name). True when its text is wanted:
    /// the caller collects it and passes it to [`ContextBuilder::close`].
    pub(crate) fn open(&mut self, local: &[u8], e: &BytesStart, empty: bool) -> bool {
        self.reading = match local {
            b"identifier" => Some("identifier"),
            b"startDate" => Some("startDate"),
            b"endDate" => Some("endDate"),
            b"instant" => Some("instant"),
            b"forever" => {
                self.forever = true;
                None
            }
            b"explicitMember" | b"typedMember" => {
                let axis = attr(e, b"dimension");
                if empty {
                    if let Some(ax) = axis {
                        self.dims.push((ax, String::new()));
                    }
                    None
                } else {
                    self.axis = axis;
                    Some("member")
                }
            }
            _ => None,
        };
        self.reading.is_some()
    }

    pub(crate) fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// The element being read closed with this text. False when none was being read.
    pub(crate) fn close(&mut self, text: &str) -> bool {
        let Some(target) = self.reading.take() else { return false };
        let value = text.trim();
        let date = || NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
        match target {
            "identifier" => self.entity = value.to_string(),
            "startDate" => self.start = date(),
            "endDate" => self.end = date(),
            "instant" => self.instant = date(),
            _ => self.dims.push((self.axis.take().unwrap_or_default(), value.to_string())),
        }
        true
    }

    /// The period read, if any: a duration, an instant or forever.
    pub(crate) fn period(&self) -> Option<Period> {
        match (self.start, self.end, self.instant) {
            (Some(s), Some(e), _) => Some(Period::Duration { start: s, end: e }),
            (_, _, Some(i)) => Some(Period::Instant(i)),
            _ if self.forever => Some(Period::Forever),
            _ => None,
        }
    }

    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn into_context(self, period: Period) -> Context {
        Context { id: self.id, entity: self.entity, period, dimensions: self.dims }
    }
}

fn family_of(uri: &str) -> Option<&'static str> {
    if uri.contains("fasb.org/us-gaap") {
        Some("us-gaap")
    } else if uri.contains("xbrl.sec.gov/dei") {
        Some("dei")
    } else if uri.contains("fasb.org/srt") {
        Some("srt")
    } else {
        None
    }
}

fn attr_value(a: &quick_xml::events::attributes::Attribute) -> String {
    let raw = String::from_utf8_lossy(&a.value);
    quick_xml::escape::unescape(&raw).map(|v| v.into_owned()).unwrap_or_else(|_| raw.into_owned())
}

pub(crate) fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| attr_value(&a))
}

fn qname(e: &BytesStart) -> (String, String) {
    let name = e.name();
    let local = String::from_utf8_lossy(name.local_name().as_ref()).into_owned();
    let prefix = name.prefix().map(|p| String::from_utf8_lossy(p.as_ref()).into_owned()).unwrap_or_default();
    (prefix, local)
}

impl XbrlInstance {
    pub fn load(path: &Path) -> Result<XbrlInstance> {
        let text = std::fs::read_to_string(path).map_err(|e| EvidenceError::io(path, e))?;
        Self::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, origin: &str) -> Result<XbrlInstance> {
        let err = |m: String| EvidenceError::Xbrl { path: origin.into(), message: m };
        let mut reader = Reader::from_str(text);
        reader.config_mut().trim_text(false);
        let mut inst = XbrlInstance::default();
        let mut prefixes: HashMap<String, String> = HashMap::new();
        let mut depth = 0usize;
        let mut saw_root = false;
        // Context being read: id, entity, start, end, instant, forever, dimensions.
        let mut ctx: Option<ContextBuilder> = None;
        let mut unit: Option<(String, Vec<String>, bool)> = None;
        let mut fact: Option<(Fact, usize)> = None;
        let mut text_target: Option<String> = None;
        let mut buf = String::new();
        loop {
            let ev = reader.read_event().map_err(|e| err(format!("XML error at byte {}: {e}", reader.buffer_position())))?;
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    let (prefix, local) = qname(e);
                    if !saw_root {
                        saw_root = true;
                        for a in e.attributes().flatten() {
                            let k = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                            if let Some(p) = k.strip_prefix("xmlns:") {
                                prefixes.insert(p.to_string(), attr_value(&a));
                            }
                        }
                        if local != "xbrl" {
                            return Err(err(format!("root element is <{local}>, not <xbrl>")));
                        }
                        if !empty {
                            depth += 1;
                        }
                        continue;
                    }
                    if let Some((f, _)) = &mut fact {
                        // Markup inside a text block: keep its text only.
                        let _ = f;
                    } else if depth == 1 && local == "context" {
                        ctx = Some(ContextBuilder::new(attr(e, b"id").unwrap_or_default()));
                    } else if depth == 1 && local == "unit" {
                        unit = Some((attr(e, b"id").unwrap_or_default(), Vec::new(), false));
                    } else if let Some(c) = &mut ctx {
                        if c.open(local.as_bytes(), e, empty) {
                            buf.clear();
                        }
                    } else if unit.is_some() {
                        if local == "measure" {
                            text_target = Some("measure".into());
                            buf.clear();
                        } else if local == "divide" {
                            if let Some(u) = &mut unit {
                                u.2 = true;
                            }
                        }
                    } else if depth == 1 {
                        if let Some(context) = attr(e, b"contextRef") {
                            let family = prefixes.get(&prefix).and_then(|u| family_of(u)).map(str::to_string).unwrap_or(prefix.clone());
                            let nil = attr(e, b"nil").is_some_and(|v| v == "true");
                            let f = Fact {
                                concept: format!("{family}:{local}"),
                                context,
                                unit: attr(e, b"unitRef"),
                                decimals: attr(e, b"decimals"),
                                value: String::new(),
                                id: attr(e, b"id"),
                            };
                            if empty {
                                if !nil {
                                    inst.facts.push(f);
                                }
                            } else {
                                buf.clear();
                                fact = Some((f, depth));
                            }
                        }
                    }
                    if !empty {
                        depth += 1;
                    }
                }
                Event::Text(t)
                    if (text_target.is_some() || fact.is_some() || ctx.as_ref().is_some_and(ContextBuilder::is_reading)) => {
                        buf.push_str(&t.decode().map_err(|e| err(e.to_string()))?);
                    }
                Event::CData(t)
                    if fact.is_some() => {
                        buf.push_str(&String::from_utf8_lossy(&t));
                    }
                Event::GeneralRef(r)
                    if (text_target.is_some() || fact.is_some() || ctx.as_ref().is_some_and(ContextBuilder::is_reading)) => {
                        let name = r.decode().map_err(|e| err(e.to_string()))?;
                        buf.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => " ",
                        });
                    }
                Event::End(ref e) => {
                    depth = depth.saturating_sub(1);
                    let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    if let Some((_, d)) = &fact {
                        if depth == *d {
                            let (mut f, _) = fact.take().unwrap();
                            f.value = buf.trim().to_string();
                            inst.facts.push(f);
                        }
                        continue;
                    }
                    if ctx.as_mut().is_some_and(|c| c.close(&buf)) {
                        continue;
                    }
                    if text_target.take().is_some() {
                        if let Some(u) = &mut unit {
                            u.1.push(buf.trim().to_string());
                        }
                        continue;
                    }
                    if depth == 1 && local == "context" {
                        if let Some(c) = ctx.take() {
                            let period = c.period().ok_or_else(|| err(format!("context {} has no readable period", c.id())))?;
                            inst.contexts.insert(c.id().to_string(), c.into_context(period));
                        }
                    } else if depth == 1 && local == "unit" {
                        if let Some((id, measures, divide)) = unit.take() {
                            let m = if divide { measures.join("/") } else { measures.join("*") };
                            inst.units.insert(id, m);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !saw_root {
            return Err(err("empty document".into()));
        }
        if inst.contexts.is_empty() {
            return Err(err("no <context> element: not an XBRL instance".into()));
        }
        Ok(inst)
    }

    /// A dei fact's value, e.g. `dei:EntityCentralIndexKey`.
    pub fn dei(&self, local: &str) -> Option<&str> {
        let c = format!("dei:{local}");
        self.facts.iter().find(|f| f.concept == c).map(|f| f.value.as_str())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const MINI: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:gaap="http://fasb.org/us-gaap/2024" xmlns:dei="http://xbrl.sec.gov/dei/2024" xmlns:xbrldi="http://xbrl.org/2006/xbrldi">
  <context id="FY24"><entity><identifier scheme="http://www.sec.gov/CIK">0000000001</identifier></entity>
    <period><startDate>2024-01-01</startDate><endDate>2024-12-31</endDate></period></context>
  <context id="FY23"><entity><identifier scheme="http://www.sec.gov/CIK">0000000001</identifier></entity>
    <period><startDate>2023-01-01</startDate><endDate>2023-12-31</endDate></period></context>
  <context id="Q4"><entity><identifier scheme="http://www.sec.gov/CIK">0000000001</identifier></entity>
    <period><startDate>2024-10-01</startDate><endDate>2024-12-31</endDate></period></context>
  <context id="FY24seg"><entity><identifier scheme="http://www.sec.gov/CIK">0000000001</identifier>
    <segment><xbrldi:explicitMember dimension="gaap:StatementBusinessSegmentsAxis">x:CloudMember</xbrldi:explicitMember></segment></entity>
    <period><startDate>2024-01-01</startDate><endDate>2024-12-31</endDate></period></context>
  <context id="I24"><entity><identifier scheme="http://www.sec.gov/CIK">0000000001</identifier></entity><period><instant>2024-12-31</instant></period></context>
  <unit id="usd"><measure>iso4217:USD</measure></unit>
  <unit id="pure"><measure>xbrli:pure</measure></unit>
  <dei:DocumentFiscalYearFocus contextRef="FY24">2024</dei:DocumentFiscalYearFocus>
  <dei:EntityRegistrantName contextRef="FY24">FIXTURE &amp; CO</dei:EntityRegistrantName>
  <gaap:PaymentsToAcquireProductiveAssets contextRef="FY24" unitRef="usd" decimals="-6">1200000000</gaap:PaymentsToAcquireProductiveAssets>
  <gaap:PaymentsToAcquireProductiveAssets contextRef="FY23" unitRef="usd" decimals="-6">1000000000</gaap:PaymentsToAcquireProductiveAssets>
  <gaap:PaymentsToAcquireProductiveAssets contextRef="Q4" unitRef="usd" decimals="-6">400000000</gaap:PaymentsToAcquireProductiveAssets>
  <gaap:PaymentsToAcquireProductiveAssets contextRef="FY24seg" unitRef="usd" decimals="-6">900000000</gaap:PaymentsToAcquireProductiveAssets>
  <gaap:Revenues contextRef="FY24" unitRef="usd" decimals="-6">5000000000</gaap:Revenues>
  <gaap:NetIncomeLoss contextRef="FY24" unitRef="usd" decimals="-6">-20000000</gaap:NetIncomeLoss>
  <dei:EntityNumberOfEmployees contextRef="I24" unitRef="pure" decimals="INF">1234</dei:EntityNumberOfEmployees>
</xbrl>"#;

    #[test]
    fn parses_contexts_units_and_facts() {
        let x = XbrlInstance::parse(MINI, "mini.xml").unwrap();
        assert_eq!(x.contexts.len(), 5);
        assert_eq!(x.contexts["FY24seg"].dimensions, vec![("gaap:StatementBusinessSegmentsAxis".into(), "x:CloudMember".into())]);
        assert_eq!(x.contexts["FY24"].period.days(), Some(365));
        assert_eq!(x.units["usd"], "iso4217:USD");
        assert_eq!(x.facts.len(), 9);
        assert_eq!(x.dei("EntityRegistrantName"), Some("FIXTURE & CO"));
        let f = x.facts.iter().find(|f| f.concept == "us-gaap:NetIncomeLoss").unwrap();
        assert_eq!(f.number(), Some(-20e6));
        assert_eq!(f.decimals.as_deref(), Some("-6"));
    }

    #[test]
    fn not_xbrl_is_a_clear_error() {
        let e = XbrlInstance::parse("<html><body/></html>", "x.html").unwrap_err();
        assert!(e.to_string().contains("not <xbrl>"), "{e}");
        let e = XbrlInstance::parse("<xbrl></xbrl>", "e.xml").unwrap_err();
        assert!(e.to_string().contains("no <context>"), "{e}");
    }
}
