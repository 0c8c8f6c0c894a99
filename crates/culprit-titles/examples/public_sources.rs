//! Coverage and plausibility on non-O*NET public titles in the mirror (no SOC gold exists):
//! Indeed Hiring Lab's sector job-title examples (is the coded major group one the sector's
//! titles belong to, by the mapping below, written before the run?) and the contact titles of
//! New York WARN notices 2001-2021 ("Kathy Watson, Director of Human Resources").
//! `cargo run --release -p culprit-titles --example public_sources`
use culprit_data::{Catalog, Registry};
use culprit_titles::{Coder, CoderOptions};
use std::collections::BTreeMap;

/// Indeed sector -> SOC major groups its example titles plausibly fall in.
const SECTOR_GROUPS: &[(&str, &[&str])] = &[
    ("Accounting", &["13"]), ("Administrative Assistance", &["43"]), ("Architecture", &["17", "27"]),
    ("Arts & Entertainment", &["27"]), ("Banking & Finance", &["13", "41", "43"]), ("Beauty & Wellness", &["39"]),
    ("Childcare", &["39", "25"]), ("Civil Engineering", &["17"]), ("Cleaning & Sanitation", &["37"]),
    ("Community & Social Service", &["21"]), ("Construction", &["47"]), ("Customer Service", &["43", "41"]),
    ("Dental", &["29", "31"]), ("Driving", &["53"]), ("Education & Instruction", &["25"]), ("Electrical Engineering", &["17"]),
    ("Food Preparation & Service", &["35"]), ("Hospitality & Tourism", &["35", "39", "43", "11"]), ("Human Resources", &["13", "11"]),
    ("IT Operations & Helpdesk", &["15"]), ("Industrial Engineering", &["17"]), ("Information Design & Documentation", &["27", "15"]),
    ("Installation & Maintenance", &["49"]), ("Insurance", &["13", "41", "43"]), ("Legal", &["23"]), ("Loading & Stocking", &["53"]),
    ("Logistic Support", &["13", "43", "53"]), ("Management", &["11"]), ("Marketing", &["11", "13", "27"]), ("Mathematics", &["15"]),
    ("Media & Communications", &["27"]), ("Medical Information", &["29", "43"]), ("Medical Technician", &["29", "31"]),
    ("Nursing", &["29", "31"]), ("Personal Care & Home Health", &["31", "39"]), ("Pharmacy", &["29"]), ("Physicians & Surgeons", &["29"]),
    ("Production & Manufacturing", &["51"]), ("Project Management", &["13", "11"]), ("Retail", &["41"]), ("Sales", &["41", "11"]),
    ("Scientific Research & Development", &["19", "17"]), ("Security & Public Safety", &["33"]), ("Software Development", &["15"]),
    ("Sports", &["27"]), ("Therapy", &["29"]), ("Veterinary", &["29", "31"]),
];

fn main() {
    let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
    let coder = Coder::new(&cat, CoderOptions::default()).unwrap();
    let data = std::env::var("CULPRIT_MIRROR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").into());

    let mut rdr = csv::Reader::from_path(format!("{data}/indeed_hiring_lab/sector-job-title-examples.csv")).unwrap();
    let (mut n, mut coded, mut plausible) = (0, 0, 0);
    for r in rdr.records() {
        let r = r.unwrap();
        let groups = SECTOR_GROUPS.iter().find(|(s, _)| *s == &r[0]).map(|x| x.1).unwrap_or_else(|| panic!("no mapping for {}", &r[0]));
        for t in r[1].split(',').map(str::trim).filter(|t| !t.is_empty()) {
            n += 1;
            let c = coder.code(t);
            if let Some(soc) = &c.soc {
                coded += 1;
                let ok = groups.contains(&&soc[..2]);
                plausible += ok as usize;
                if !ok {
                    println!("  implausible? {:35} {:28} -> {} {}", &r[0], t, soc, c.occupation.as_deref().unwrap_or(""));
                }
            }
        }
    }
    println!("indeed sector titles: {n}, coded {:.1}%, major group consistent with sector {:.1}% of coded", 100.0 * coded as f64 / n as f64, 100.0 * plausible as f64 / coded.max(1) as f64);

    let mut titles = Vec::new();
    for y in 2001..=2021 {
        let Ok(mut rdr) = csv::Reader::from_path(format!("{data}/warn/ny_state_2001_2021/{y}.csv")) else { continue };
        let h = rdr.headers().unwrap().clone();
        let Some(ci) = h.iter().position(|x| x == "Contact") else { continue };
        for r in rdr.byte_records().flatten() {
            let c = String::from_utf8_lossy(r.get(ci).unwrap_or(b"")).to_string();
            if let Some((_, title)) = c.split_once(',') {
                titles.push(title.trim().to_string());
            }
        }
    }
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    let t = std::time::Instant::now();
    let out = coder.code_many(&refs);
    let secs = t.elapsed().as_secs_f64();
    let coded = out.iter().filter(|c| c.soc.is_some()).count();
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    for c in &out {
        if let Some(s) = &c.soc {
            *groups.entry(s[..2].to_string()).or_default() += 1;
        }
    }
    let mgmt_bus_admin: usize = ["11", "13", "43"].iter().map(|g| groups.get(*g).copied().unwrap_or(0)).sum();
    println!(
        "NY WARN contact titles: {}, coded {:.1}%, in major groups 11/13/43 (management, business, office) {:.1}% of coded, {:.0} titles/s",
        titles.len(), 100.0 * coded as f64 / titles.len() as f64, 100.0 * mgmt_bus_admin as f64 / coded.max(1) as f64, titles.len() as f64 / secs
    );
    let mut top: Vec<(usize, String)> = {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for c in &out {
            *m.entry(format!("{} {}", c.soc.as_deref().unwrap_or("-"), c.occupation.as_deref().unwrap_or(&c.method.label()))).or_default() += 1;
        }
        m.into_iter().map(|(k, v)| (v, k)).collect()
    };
    top.sort_by(|a, b| b.cmp(a));
    for (v, k) in top.iter().take(8) {
        println!("  {v:5}  {k}");
    }
}
