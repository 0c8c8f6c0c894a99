//! `culprit inputs`: what culprit makes of a file before any analysis (`inputs inspect`), and the
//! declared schemas with every alias and sniffer (`inputs schema`, which writes docs/inputs.md).
//! Also the one place that prints the mappings chosen for the files a command read.

use crate::output::{print_json, Format};
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use culprit_input::schema::{Kind, Schema};
use culprit_input::{InferOptions, Mapping, OpenOptions, Override, SourceInfo};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum InputsCommand {
    /// Show how culprit reads a file: format, encoding, delimiter, header, and the column chosen
    /// for each field with its confidence (nothing is analysed).
    Inspect(InspectArgs),
    /// The fields culprit looks for in each kind of file, with every header alias and content sniffer.
    Schema(SchemaArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Hr,
    Postings,
    Warn,
    Layoffs,
    Titles,
}

impl KindArg {
    pub fn kind(self) -> Kind {
        match self {
            KindArg::Hr => Kind::Hr,
            KindArg::Postings => Kind::Postings,
            KindArg::Warn => Kind::Warn,
            KindArg::Layoffs => Kind::Layoffs,
            KindArg::Titles => Kind::Titles,
        }
    }
}

/// `--date-order`: how to read numeric dates whose day is never above 12 in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Month first (03/04/2024 is 4 March): U.S. files.
    Mdy,
    /// Day first (03/04/2024 is 3 April): European files.
    Dmy,
}

impl DateOrderArg {
    pub fn order(self) -> culprit_input::values::DayOrder {
        match self {
            DateOrderArg::Mdy => culprit_input::values::DayOrder::MonthFirst,
            DateOrderArg::Dmy => culprit_input::values::DayOrder::DayFirst,
        }
    }
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The file (CSV/TSV, .gz, XLSX/ODS, Parquet, JSON Lines).
    pub file: PathBuf,
    /// What the file holds; default: the kind whose fields fit its columns best.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Override a column: --map FIELD=COLUMN (a header as written, or #N for the N-th column).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// Spreadsheet sheet to read.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Day order of numeric dates when the file cannot tell (no day above 12).
    #[arg(long, value_enum)]
    pub date_order: Option<DateOrderArg>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// One kind only.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// `markdown` writes the reference that docs/inputs.md holds.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Table)]
    pub format: SchemaFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    Table,
    Markdown,
    Json,
}

pub fn run(cmd: InputsCommand) -> Result<()> {
    match cmd {
        InputsCommand::Inspect(a) => inspect(a),
        InputsCommand::Schema(a) => {
            let kinds: Vec<Kind> = a.kind.map(|k| vec![k.kind()]).unwrap_or_else(|| Kind::ALL.to_vec());
            match a.format {
                SchemaFormat::Markdown => print!("{}", schema_markdown(&kinds)),
                SchemaFormat::Json => print_json(&kinds.iter().map(|k| k.schema()).collect::<Vec<&Schema>>())?,
                SchemaFormat::Table => print!("{}", schema_text(&kinds)),
            }
            Ok(())
        }
    }
}

/// Parse `--map` arguments.
pub fn overrides(map: &[String]) -> Result<Vec<Override>> {
    map.iter().map(|m| m.parse::<Override>().map_err(anyhow::Error::from)).collect()
}

fn inspect(a: InspectArgs) -> Result<()> {
    let open = OpenOptions { sheet: a.sheet.clone(), ..Default::default() };
    let infer = InferOptions { overrides: overrides(&a.map)?, date_order: a.date_order.map(DateOrderArg::order), ..Default::default() };
    let kind = match a.kind {
        Some(k) => k.kind(),
        None => {
            let t = culprit_input::open(&a.file, &open, None).with_context(|| format!("reading {}", a.file.display()))?;
            // The kind whose fields the header names best.
            Kind::ALL
                .into_iter()
                .filter(|k| *k != Kind::Titles)
                .max_by(|x, y| culprit_input::sheet_fit(x.schema(), &t.headers).total_cmp(&culprit_input::sheet_fit(y.schema(), &t.headers)))
                .unwrap_or(Kind::Hr)
        }
    };
    let (t, m) = culprit_input::open_mapped(&a.file, kind, &open, &infer)?;
    match a.format {
        Format::Json => print_json(&serde_json::json!({"kind": kind.key(), "source": t.info, "headers": t.headers, "sample_rows": t.sample.len(), "mapping": m})),
        _ => {
            print_mappings(&[(t.info.clone(), m)], false);
            println!("Columns: {}", t.headers.len());
            println!("Rows in the sample: {} (the first rows; a full read counts all)", t.sample.len());
            Ok(())
        }
    }
}

/// Print the mappings chosen for the files a command read, before its results. Files read with
/// the same mapping (a folder of state files) are shown once, with their count.
pub fn print_mappings(reads: &[(SourceInfo, Mapping)], to_stderr: bool) {
    let mut groups: Vec<(String, Vec<&SourceInfo>, &Mapping)> = Vec::new();
    for (info, m) in reads {
        let sig = m.columns.iter().map(|c| format!("{}={}", c.field, c.header)).collect::<Vec<_>>().join("|") + &m.notes.join("|");
        match groups.iter_mut().find(|g| g.0 == sig) {
            Some(g) => g.1.push(info),
            None => groups.push((sig, vec![info], m)),
        }
    }
    for (_, infos, m) in groups {
        let first = infos[0];
        let what = if infos.len() == 1 {
            format!("{} [{}]", first.path, first.describe())
        } else {
            format!("{} files ({} ... {}) [{}]", infos.len(), first.path, infos.last().map(|i| i.path.as_str()).unwrap_or(""), first.describe())
        };
        let mut text = m.render(&what);
        for n in &first.notes {
            text.push_str(&format!("  note: {n}\n"));
        }
        if to_stderr {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
    }
}

fn schema_text(kinds: &[Kind]) -> String {
    let mut out = String::new();
    for k in kinds {
        let s = k.schema();
        out.push_str(&format!("{} (--kind {})\n", k.name(), k.key()));
        for f in s.fields {
            out.push_str(&format!(
                "  {:<16} {}{}: {}\n      aliases: {}\n",
                f.key,
                f.label,
                if f.required { " (required)" } else { "" },
                f.value.describe(),
                f.aliases.join(", ")
            ));
        }
        out.push('\n');
    }
    out
}

/// The reference in docs/inputs.md, generated from the declarations.
pub fn schema_markdown(kinds: &[Kind]) -> String {
    let mut out = String::new();
    for k in kinds {
        let s = k.schema();
        out.push_str(&format!("### {} (`--kind {}`)\n\n", k.name(), k.key()));
        for g in s.one_of {
            out.push_str(&format!("At least one of {} is needed.\n\n", g.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")));
        }
        out.push_str("| field | meaning | required | content sniffer | by content alone | header aliases (best first) | header words | never with |\n|---|---|---|---|---|---|---|---|\n");
        for f in s.fields {
            let esc = |v: &[&str]| v.iter().map(|a| format!("`{}`", a.replace('|', "\\|"))).collect::<Vec<_>>().join(", ");
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
                f.key,
                f.label,
                if f.required { "yes" } else { "" },
                f.value.describe(),
                if f.by_content { if f.multi { "yes (several columns)" } else { "yes" } } else if f.multi { "several columns" } else { "" },
                esc(f.aliases),
                esc(f.words),
                esc(f.not_words),
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/inputs.md holds the generated reference; regenerate it with
    /// `culprit inputs schema --format markdown` when a schema changes.
    #[test]
    fn docs_list_every_alias_and_sniffer() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/inputs.md")).unwrap();
        let start = doc.find("<!-- generated: culprit inputs schema --format markdown -->").expect("marker") + "<!-- generated: culprit inputs schema --format markdown -->\n".len();
        let end = doc.find("<!-- end of generated reference -->").expect("end marker");
        assert_eq!(&doc[start..end], schema_markdown(&Kind::ALL), "docs/inputs.md is out of date: culprit inputs schema --format markdown");
    }
}
