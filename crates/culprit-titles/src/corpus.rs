//! A synthetic corpus of job titles as job boards and HR exports write them, for benchmarks and
//! tests: O*NET's reported and alternate titles (real titles people gave) dressed with the noise
//! of real postings: seniority and level words, employer and store names, locations, schedule and
//! contract words, pay, requisition codes, "- Remote", bonuses, abbreviations, case and typos.
//!
//! The same seed always gives the same corpus. `rows` titles are drawn over exactly `distinct`
//! distinct strings: each distinct string once, the rest by a Zipf(1) law over them (a few titles
//! are very common, most are rare), then shuffled, so that no row order helps a cache.

use culprit_data::{Catalog, TitleKind};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusOptions {
    pub rows: usize,
    pub distinct: usize,
    pub seed: u64,
    /// Posting-style noise (pay, locations, schedule, codes) on top of HR-style noise
    /// (abbreviations, levels, org suffixes, case, typos).
    pub postings: bool,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions { rows: 1_000_000, distinct: 300_000, seed: 7, postings: true }
    }
}

const PREFIXES: &[&str] = &[
    "Senior", "Sr.", "Sr", "Jr.", "Junior", "Lead", "Entry Level", "Experienced", "Part-Time", "Full Time", "PT", "FT", "Remote", "Travel",
    "NOW HIRING:", "Urgently Hiring -", "Temporary", "Seasonal", "Bilingual", "Associate", "Principal", "Staff",
];
const LEVELS: &[&str] = &["I", "II", "III", "IV", "1", "2", "3", "L4", "L5", "L6", "Level 2", "Grade 7", "P3", "IC4"];
const SCHEDULES: &[&str] = &[
    "Night Shift", "Nights", "Day Shift", "2nd Shift", "3rd Shift", "Weekends", "Weekend Days", "Full Time", "Part Time", "PRN", "Per Diem",
    "Overnight", "Days", "Evenings", "4x10s", "Mon-Fri", "Temp to Hire", "Contract", "Contract to Hire", "Seasonal", "Flexible Hours",
];
const PERKS: &[&str] = &[
    "$5,000 Sign-On Bonus", "Sign On Bonus", "Weekly Pay", "Daily Pay", "Immediate Start", "Hiring Immediately", "No Experience Needed",
    "Benefits Day 1", "Paid Training", "401k Match", "Relocation Available", "Tuition Assistance",
];
const PLACES: &[&str] = &[
    "Seattle, WA", "Kent, WA", "Dallas, TX 75201", "Houston, TX", "Phoenix, AZ", "Chicago, IL", "Atlanta, GA", "Columbus, OH", "Denver, CO",
    "Charlotte, NC", "Brooklyn, NY", "Newark, NJ", "Orlando, FL", "Miami-Dade", "San Jose, CA", "Los Angeles", "Remote - US", "Nationwide",
    "Bay Area", "Twin Cities", "DFW", "NYC", "Pacific Northwest", "Tampa Bay", "Greater Boston",
];
const EMPLOYERS: &[&str] = &[
    "Northwind Logistics", "Contoso Health", "Fabrikam", "Tailspin Air", "Litware", "Adatum", "Woodgrove Bank", "Proseware", "Wide World Importers",
    "Blue Yonder Airlines", "Alpine Ski House", "Coho Winery", "Lucerne Publishing", "Margie's Travel", "Trey Research", "Fourth Coffee",
];
const DEPARTMENTS: &[&str] = &[
    "Operations", "Finance", "Retail", "ICU", "Med/Surg", "Emergency Department", "Corporate", "Supply Chain", "Field", "Tech", "Store",
    "Distribution Center", "Fulfillment", "Customer Care", "Payroll", "Claims", "Underwriting", "Pharmacy", "Deli", "Produce", "Bakery",
    "Front End", "Network", "Cloud", "Data Platform", "Payments", "AWS", "Alexa", "Devices", "Public Sector", "EMEA", "North America",
];
/// Long forms and the short forms employers write.
const SHORT: &[(&str, &str)] = &[
    ("Senior ", "Sr. "),
    ("Manager", "Mgr"),
    ("Management", "Mgmt"),
    ("Assistant", "Asst"),
    ("Associate", "Assoc"),
    ("Representative", "Rep"),
    ("Engineer", "Engr"),
    ("Engineering", "Eng"),
    ("Administrative", "Admin"),
    ("Administrator", "Admin"),
    ("Coordinator", "Coord"),
    ("Specialist", "Spec"),
    ("Technician", "Tech"),
    ("Customer", "Cust"),
    ("Service", "Svc"),
    ("Operations", "Ops"),
    ("Development", "Dev"),
    ("Director", "Dir"),
    ("Supervisor", "Supv"),
    ("Marketing", "MKTG"),
    ("Accountant", "Acct"),
    ("Department", "Dept"),
    ("International", "Intl"),
    ("Maintenance", "Maint"),
    (" and ", " & "),
];

fn pick<'a>(rng: &mut ChaCha8Rng, xs: &[&'a str]) -> &'a str {
    xs[rng.gen_range(0..xs.len())]
}

/// One noisy title from a base title.
pub fn dress(base: &str, rng: &mut ChaCha8Rng, postings: bool) -> String {
    let mut s = base.to_string();
    for (long, short) in SHORT {
        if s.contains(long) && rng.gen_bool(0.35) {
            s = s.replace(long, short);
        }
    }
    if rng.gen_bool(0.25) {
        s = format!("{} {s}", pick(rng, PREFIXES));
    }
    if rng.gen_bool(0.2) {
        s = format!("{s} {}", pick(rng, LEVELS));
    }
    // Organisational suffixes and qualifiers, as HR systems and job boards append them.
    let seps = [" - ", ", ", " | ", " / ", " – "];
    let add = |s: &mut String, rng: &mut ChaCha8Rng, what: &str| {
        let sep = if rng.gen_bool(0.2) { "" } else { seps[rng.gen_range(0..seps.len())] };
        if sep.is_empty() {
            s.push_str(&format!(" ({what})"));
        } else {
            s.push_str(sep);
            s.push_str(what);
        }
    };
    if rng.gen_bool(0.2) {
        let what = pick(rng, DEPARTMENTS);
            add(&mut s, rng, what);
    }
    if postings {
        if rng.gen_bool(0.3) {
            let what = pick(rng, PLACES);
            add(&mut s, rng, what);
        }
        if rng.gen_bool(0.25) {
            let what = pick(rng, SCHEDULES);
            add(&mut s, rng, what);
        }
        if rng.gen_bool(0.15) {
            let dollars = rng.gen_range(14..60);
            let cents = [0, 25, 50, 75][rng.gen_range(0..4)];
            let pay = match rng.gen_range(0..4) {
                0 => format!("${dollars}/hr"),
                1 => format!("Up to ${dollars}.{cents:02}/hour"),
                2 => format!("${dollars}-${}/hr", dollars + rng.gen_range(2..8)),
                _ => format!("${},000 - ${},000", dollars * 2, dollars * 2 + 20),
            };
            add(&mut s, rng, &pay);
        }
        if rng.gen_bool(0.1) {
            let what = pick(rng, PERKS);
            add(&mut s, rng, what);
        }
        if rng.gen_bool(0.08) {
            add(&mut s, rng, "Remote");
        }
        if rng.gen_bool(0.07) {
            let code = match rng.gen_range(0..3) {
                0 => format!("Req #{}", rng.gen_range(10_000..999_999)),
                1 => format!("JR-{:06}", rng.gen_range(0..999_999)),
                _ => format!("Store #{}", rng.gen_range(1..9_999)),
            };
            add(&mut s, rng, &code);
        }
        if rng.gen_bool(0.06) {
            s = format!("{s} at {}", pick(rng, EMPLOYERS));
        }
    }
    match rng.gen_range(0..20) {
        0 => s = s.to_uppercase(),
        1 => s = s.to_lowercase(),
        _ => {}
    }
    // A typo: a letter dropped, doubled or swapped with the next.
    if rng.gen_bool(0.05) {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() > 6 {
            let i = rng.gen_range(1..chars.len() - 2);
            let mut c = chars.clone();
            match rng.gen_range(0..3) {
                0 => {
                    c.remove(i);
                }
                1 => c.insert(i, chars[i]),
                _ => c.swap(i, i + 1),
            }
            s = c.into_iter().collect();
        }
    }
    s
}

/// `opts.distinct` distinct noisy titles (base titles from O*NET's reported and alternate titles).
pub fn distinct_titles(cat: &Catalog, opts: &CorpusOptions) -> Vec<String> {
    let base: Vec<&str> = cat.titles.iter().filter(|t| matches!(t.kind, TitleKind::Reported | TitleKind::Alternate)).map(|t| t.text.as_str()).collect();
    assert!(!base.is_empty(), "the catalog has no reported or alternate titles");
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut pool = Vec::with_capacity(opts.distinct);
    let mut seen = ahash::AHashSet::with_capacity(opts.distinct);
    let mut tries = 0usize;
    while pool.len() < opts.distinct {
        let s = dress(base[rng.gen_range(0..base.len())], &mut rng, opts.postings);
        tries += 1;
        if seen.insert(s.clone()) {
            pool.push(s);
        }
        // The noise space is far larger than any sensible `distinct`; stop rather than loop.
        assert!(tries < opts.distinct.saturating_mul(20) + 1_000, "cannot draw {} distinct titles", opts.distinct);
    }
    pool
}

/// `opts.rows` titles over exactly `min(distinct, rows)` distinct strings, Zipf(1) repeats, shuffled.
pub fn titles(cat: &Catalog, opts: &CorpusOptions) -> Vec<String> {
    let opts = CorpusOptions { distinct: opts.distinct.min(opts.rows), ..*opts };
    let pool = distinct_titles(cat, &opts);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x5eed);
    let n = pool.len();
    // Cumulative harmonic weights; inverse-CDF sampling of a Zipf(1) rank.
    let mut h = Vec::with_capacity(n);
    let mut acc = 0.0f64;
    for k in 1..=n {
        acc += 1.0 / k as f64;
        h.push(acc);
    }
    let mut idx: Vec<u32> = (0..n as u32).collect();
    for _ in n..opts.rows {
        let u = rng.gen::<f64>() * acc;
        idx.push(h.partition_point(|&x| x < u).min(n - 1) as u32);
    }
    idx.shuffle(&mut rng);
    idx.into_iter().map(|i| pool[i as usize].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dressing_is_deterministic_and_noisy() {
        let bases = ["Registered Nurse", "Warehouse Associate", "Software Engineer", "Customer Service Representative"];
        let run = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (0..400).map(|i| dress(bases[i % 4], &mut rng, true)).collect::<Vec<_>>()
        };
        let a = run(3);
        assert_eq!(a, run(3));
        assert_ne!(a, run(4));
        let changed = a.iter().enumerate().filter(|(i, s)| *s != bases[i % 4]).count();
        assert!(changed > 250, "only {changed} of 400 titles were dressed");
        assert!(a.iter().any(|s| s.contains('$')), "no pay in {a:?}");
        assert!(a.iter().any(|s| s.contains("Sr") || s.contains("Senior")));
    }
}
