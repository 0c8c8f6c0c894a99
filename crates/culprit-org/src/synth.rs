//! Synthetic organisations for demos, tests and benchmarks: deterministic for a seed, about
//! 10-12 layers at 1.6 M people, skewed spans, real-looking titles by department and level
//! (with the abbreviations and org suffixes real exports have), pay by level, locations, and
//! hourly pay for frontline operations and customer service (so imports exercise annualising).
//!
//! Method: the top gets one head per department with a share of headcount; then each manager
//! with a budget of B people below draws a span from a lognormal distribution, makes some
//! direct reports individual contributors and splits the rest of the budget among the others
//! with lognormal weights (which skews team sizes). Small budgets become one frontline team.

use crate::error::{OrgError, Result};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct SynthOptions {
    pub people: usize,
    pub seed: u64,
    /// No warehouse operations: a corporate-only mix of departments.
    pub corporate_only: bool,
    /// A company's pay by level (e.g. from its profile) instead of the generic table.
    pub pay: Option<PayByLevel>,
}

/// Annual pay by level L1..L12 for a company: the levels it gives as given, the others scaled
/// from the nearest given level by the generic table's ratio between the two levels (so the
/// shape of the ladder is the generic one, anchored on the company's figures). Everyone at a
/// level is paid that level's figure times a mean-one lognormal noise (sigma 0.1), with no
/// department factor: a scenario on the organisation prices people as the profile does.
#[derive(Debug, Clone, PartialEq)]
pub struct PayByLevel {
    pub annual: [f64; 12],
    /// Levels taken as given (1-12).
    pub given: Vec<u8>,
    pub source: String,
}

impl PayByLevel {
    pub fn from_levels(levels: &[(u8, f64)], source: &str) -> Result<PayByLevel> {
        let mut given: Vec<(u8, f64)> = Vec::new();
        for &(l, v) in levels {
            if !(1..=12).contains(&l) {
                return Err(OrgError::Option(format!("pay level L{l} is outside L1-L12, the levels of the synthetic organisation")));
            }
            if !(v.is_finite() && v > 0.0) {
                return Err(OrgError::Option(format!("pay of level L{l} must be a positive number, not {v}")));
            }
            given.push((l, v));
        }
        if given.is_empty() {
            return Err(OrgError::Option("no pay by level given: list levels as L<n> = annual pay".into()));
        }
        given.sort_by_key(|g| g.0);
        let mut annual = [0.0; 12];
        for (i, a) in annual.iter_mut().enumerate() {
            let l = i as u8 + 1;
            let nearest = given.iter().min_by_key(|g| ((g.0 as i32 - l as i32).abs(), g.0)).expect("non-empty");
            *a = nearest.1 * PAY[i] / PAY[nearest.0 as usize - 1];
        }
        Ok(PayByLevel { annual, given: given.iter().map(|g| g.0).collect(), source: source.to_string() })
    }

    /// One line saying what was given and what was scaled.
    pub fn describe(&self) -> String {
        let given: Vec<String> = self.given.iter().map(|l| format!("L{l}")).collect();
        let scaled: Vec<String> = (1..=12u8).filter(|l| !self.given.contains(l)).map(|l| format!("L{l}")).collect();
        format!(
            "pay by level from {}: {} as given; {} scaled from the nearest given level by the generic ladder's ratios",
            self.source,
            given.join(", "),
            if scaled.is_empty() { "none".to_string() } else { scaled.join(", ") }
        )
    }
}

struct Dept {
    name: &'static str,
    weight: f64,
    corporate_weight: f64,
    head: &'static str,
    /// Median direct span of frontline managers.
    frontline: f64,
    pay_factor: f64,
    /// Frontline (hourly, levels L1-L3) rather than corporate (L4-L8) individual contributors.
    hourly: bool,
    /// Individual contributor titles by tier (L1-L3 for hourly, L4-L8 for corporate).
    ic: &'static [&'static [&'static str]],
    /// Manager titles by tier: frontline, manager, senior manager, director, vice president.
    mgr: [&'static [&'static str]; 5],
}

const DEPTS: &[Dept] = &[
    Dept {
        name: "Operations", weight: 0.50, corporate_weight: 0.0, head: "SVP, Worldwide Operations", frontline: 16.0, pay_factor: 0.85, hourly: true,
        ic: &[
            &["Fulfillment Center Associate", "Warehouse Associate", "Sortation Associate", "Delivery Station Associate", "Warehouse Team Member", "FC Associate I"],
            &["Process Assistant", "Learning Ambassador", "Inventory Control Specialist", "Problem Solver, ICQA"],
            &["Process Assistant II", "Safety Specialist", "Operations Analyst", "RME Technician"],
        ],
        mgr: [
            &["Area Manager, Operations", "Area Mgr", "Operations Supervisor", "Area Manager I"],
            &["Operations Manager", "Ops Manager II", "Sr. Area Manager"],
            &["Senior Operations Manager", "Sr. Ops Manager", "Sr. Operations Mgr"],
            &["General Manager, Fulfillment", "Site Leader", "Director, Operations"],
            &["Regional Director, Operations", "VP, Fulfillment", "VP, North America Operations"],
        ],
    },
    Dept {
        name: "Customer Service", weight: 0.09, corporate_weight: 0.10, head: "VP, Customer Service", frontline: 13.0, pay_factor: 0.8, hourly: true,
        ic: &[
            &["Customer Service Associate", "Customer Service Representative", "Customer Support Associate", "Virtual Customer Service Associate", "CS Associate"],
            &["Customer Service Specialist", "Sr. Customer Service Associate", "Customer Support Specialist II"],
            &["Customer Service Lead", "Quality Analyst, Customer Service", "Workforce Analyst"],
        ],
        mgr: [
            &["Team Lead, Customer Service", "Customer Service Supervisor", "CS Team Manager"],
            &["Customer Service Manager", "Mgr, Customer Support"],
            &["Sr. Manager, Customer Service", "Senior Customer Service Manager"],
            &["Director, Customer Experience", "Director, Customer Service"],
            &["VP, Customer Experience", "VP, Customer Service"],
        ],
    },
    Dept {
        name: "Engineering", weight: 0.15, corporate_weight: 0.32, head: "Chief Technology Officer", frontline: 7.0, pay_factor: 1.1, hourly: false,
        ic: &[
            &["Software Development Engineer I", "SDE I", "Software Engineer", "QA Engineer", "Systems Engineer I", "Support Engineer"],
            &["Software Development Engineer II", "SDE II", "Software Engineer II", "Data Engineer", "Systems Development Engineer", "Quality Assurance Engineer II", "Cloud Support Engineer"],
            &["Senior Software Development Engineer", "Sr. SDE", "Sr. Software Engineer", "Sr. Data Engineer", "Technical Program Manager", "TPM II", "Solutions Architect"],
            &["Principal Engineer", "Principal Software Engineer", "Sr. TPM", "Principal Solutions Architect", "Sr. Technical Program Manager"],
            &["Senior Principal Engineer", "Distinguished Engineer"],
        ],
        mgr: [
            &["Software Development Manager", "SDM", "Engineering Manager", "Software Dev Mgr"],
            &["Software Development Manager II", "Sr. Engineering Manager"],
            &["Sr. Software Development Manager", "Sr. Manager, Software Development"],
            &["Director, Software Development", "Director of Engineering"],
            &["VP, Engineering", "Vice President, Technology"],
        ],
    },
    Dept {
        name: "Product", weight: 0.03, corporate_weight: 0.07, head: "Chief Product Officer", frontline: 6.0, pay_factor: 1.08, hourly: false,
        ic: &[
            &["Associate Product Manager", "UX Designer", "Product Analyst"],
            &["Product Manager", "Product Manager - Technical", "UX Designer II", "UX Researcher"],
            &["Sr. Product Manager", "Sr. PM-T", "Senior Product Manager, Technical", "Sr. UX Designer"],
            &["Principal Product Manager", "Principal UX Designer"],
            &["Senior Principal Product Manager"],
        ],
        mgr: [
            &["Manager, Product Management", "Product Management Mgr"],
            &["Sr. Manager, Product Management", "Head of Product"],
            &["Sr. Manager, Product", "Group Product Manager"],
            &["Director, Product Management", "Director, UX"],
            &["VP, Product"],
        ],
    },
    Dept {
        name: "Sales", weight: 0.06, corporate_weight: 0.13, head: "Chief Revenue Officer", frontline: 8.0, pay_factor: 1.0, hourly: false,
        ic: &[
            &["Sales Development Representative", "Inside Sales Representative", "SDR"],
            &["Account Executive", "Account Manager", "Sales Representative"],
            &["Sr. Account Executive", "Enterprise Account Manager", "Solutions Engineer", "Sr. Account Manager"],
            &["Principal Account Executive", "Strategic Account Director"],
            &["Global Account Director"],
        ],
        mgr: [
            &["Sales Manager", "Inside Sales Mgr"],
            &["Regional Sales Manager", "Sr. Sales Manager"],
            &["Head of Sales, Enterprise", "Sr. Manager, Sales"],
            &["Director, Sales", "Regional Sales Director"],
            &["VP, Sales", "VP, Worldwide Sales"],
        ],
    },
    Dept {
        name: "Marketing", weight: 0.03, corporate_weight: 0.07, head: "Chief Marketing Officer", frontline: 6.0, pay_factor: 0.95, hourly: false,
        ic: &[
            &["Marketing Coordinator", "Social Media Specialist", "Content Writer"],
            &["Marketing Specialist", "Product Marketing Manager", "Copywriter", "Marketing Analyst"],
            &["Sr. Product Marketing Manager", "Brand Manager", "Sr. Marketing Manager", "Sr. Content Strategist"],
            &["Principal Product Marketing Manager", "Principal Brand Manager"],
            &["Senior Principal, Marketing"],
        ],
        mgr: [
            &["Marketing Manager", "Mgr, Marketing Programs"],
            &["Sr. Marketing Mgr", "Sr. Manager, Brand"],
            &["Head of Marketing", "Sr. Manager, Marketing"],
            &["Director, Marketing", "Director, Brand"],
            &["VP, Marketing"],
        ],
    },
    Dept {
        name: "Finance", weight: 0.025, corporate_weight: 0.06, head: "Chief Financial Officer", frontline: 6.0, pay_factor: 1.0, hourly: false,
        ic: &[
            &["Accounts Payable Specialist", "Staff Accountant", "Billing Specialist"],
            &["Financial Analyst", "Accountant II", "Tax Analyst"],
            &["Sr. Financial Analyst", "Sr. Accountant", "Senior Tax Analyst", "Finance Manager"],
            &["Principal Financial Analyst", "Sr. Finance Manager"],
            &["Principal, Finance"],
        ],
        mgr: [
            &["Finance Manager", "Accounting Manager", "AP Manager"],
            &["Sr. Finance Manager", "Sr. Accounting Manager"],
            &["Controller", "Assistant Controller"],
            &["Director, Finance", "Director, FP&A"],
            &["VP, Finance", "VP, Corporate Controller"],
        ],
    },
    Dept {
        name: "Human Resources", weight: 0.03, corporate_weight: 0.07, head: "Chief People Officer", frontline: 6.0, pay_factor: 0.9, hourly: false,
        ic: &[
            &["HR Assistant", "Recruiting Coordinator", "HR Coordinator"],
            &["Recruiter", "HR Generalist", "Talent Acquisition Partner", "HR Specialist"],
            &["Sr. Recruiter", "HR Business Partner", "HRBP", "Sr. HR Business Partner"],
            &["Principal HR Business Partner", "Principal Recruiter"],
            &["Senior Principal, People Experience"],
        ],
        mgr: [
            &["HR Mgr", "Recruiting Manager", "HR Manager"],
            &["Sr. HR Manager", "Sr. Recruiting Manager"],
            &["Head of Talent Acquisition", "Sr. Manager, HR"],
            &["Director, HR", "Director, Talent Acquisition"],
            &["VP, People Experience and Technology"],
        ],
    },
    Dept {
        name: "Legal", weight: 0.01, corporate_weight: 0.025, head: "General Counsel", frontline: 5.0, pay_factor: 1.15, hourly: false,
        ic: &[
            &["Legal Assistant", "Paralegal"],
            &["Sr. Paralegal", "Contracts Manager", "Compliance Analyst"],
            &["Corporate Counsel", "Sr. Compliance Manager"],
            &["Sr. Corporate Counsel", "Principal Corporate Counsel"],
            &["Associate General Counsel"],
        ],
        mgr: [
            &["Legal Manager", "Compliance Manager"],
            &["Sr. Manager, Legal"],
            &["Assistant General Counsel"],
            &["Associate General Counsel", "Director, Legal"],
            &["Deputy General Counsel", "VP, Legal"],
        ],
    },
    Dept {
        name: "IT", weight: 0.025, corporate_weight: 0.06, head: "Chief Information Officer", frontline: 8.0, pay_factor: 0.95, hourly: false,
        ic: &[
            &["IT Support Associate", "IT Support Technician", "Help Desk Analyst"],
            &["IT Support Engineer", "Systems Administrator", "Network Engineer"],
            &["Sr. Systems Engineer", "Security Engineer", "Sr. Network Engineer", "Database Administrator"],
            &["Principal Security Engineer", "IT Architect"],
            &["Senior Principal, IT"],
        ],
        mgr: [
            &["IT Manager", "IT Support Mgr"],
            &["Sr. IT Manager"],
            &["Head of IT Infrastructure", "Sr. Manager, IT"],
            &["Director, IT", "Director, Information Security"],
            &["VP, IT"],
        ],
    },
];

const ORGS: &[&str] = &[", AWS", ", Retail", ", Devices", ", Ads", ", Prime Video", " - Alexa", ", Stores", ", Kuiper"];
const SITES: &[&str] = &[
    "BFI4 Kent, WA", "DFW7 Coppell, TX", "ONT8 Moreno Valley, CA", "ABE2 Breinigsville, PA", "MDW2 Joliet, IL",
    "JFK8 Staten Island, NY", "PHX6 Phoenix, AZ", "ATL6 East Point, GA", "MCO1 Orlando, FL", "SAT1 San Antonio, TX",
];
const OFFICES: &[&str] = &[
    "Seattle, WA", "Arlington, VA", "New York, NY", "Austin, TX", "Sunnyvale, CA", "Boston, MA", "Vancouver, BC", "Dublin, IE",
    "Remote, US",
];
/// Annual base pay by level L1..L12 (USD), before the department factor and noise.
const PAY: [f64; 12] =
    [36_000.0, 41_000.0, 52_000.0, 88_000.0, 125_000.0, 165_000.0, 215_000.0, 290_000.0, 350_000.0, 420_000.0, 600_000.0, 1_500_000.0];

/// A generated organisation, column by column (row order already shuffled).
#[derive(Debug, Clone, PartialEq)]
pub struct SynthOrg {
    pub id: Vec<u64>,
    /// Manager id (0 for the top).
    pub manager: Vec<u64>,
    pub title: Vec<String>,
    pub level: Vec<u8>,
    pub department: Vec<&'static str>,
    pub location: Vec<&'static str>,
    /// Pay as paid: an hourly rate for hourly staff, else annual.
    pub pay: Vec<f64>,
    pub hourly: Vec<bool>,
}

fn lognormal(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    // Box-Muller: rand_distr is not needed for one normal draw.
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    median * (sigma * z).exp()
}

struct Node {
    parent: u32,
    dept: u8,
    budget: u64,
    layer: u16,
    level: u8,
    org: u8, // 0 = none, else ORGS index + 1
    location: &'static str,
}

pub fn generate(o: &SynthOptions) -> Result<SynthOrg> {
    if o.people == 0 {
        return Err(OrgError::Option("--people must be at least 1".into()));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let n = o.people;
    let mut nodes: Vec<Node> = Vec::with_capacity(n);
    nodes.push(Node { parent: u32::MAX, dept: u8::MAX, budget: 0, layer: 1, level: 12, org: 0, location: OFFICES[0] });
    // Department heads share the rest by weight.
    let weights: Vec<f64> = DEPTS.iter().map(|d| if o.corporate_only { d.corporate_weight } else { d.weight }).collect();
    let total_w: f64 = weights.iter().sum();
    let depts: Vec<usize> = (0..DEPTS.len()).filter(|&d| weights[d] > 0.0).collect();
    let heads = depts.len().min(n - 1);
    let rest = (n - 1 - heads) as u64;
    let mut assigned = 0u64;
    for (k, &d) in depts.iter().take(heads).enumerate() {
        let b = if k + 1 == heads { rest - assigned } else { (rest as f64 * weights[d] / total_w).floor() as u64 };
        assigned += b;
        let location = if DEPTS[d].hourly { SITES[0] } else { OFFICES[0] };
        nodes.push(Node { parent: 0, dept: d as u8, budget: b, layer: 2, level: 11, org: 0, location });
    }
    let mut head = 1;
    while head < nodes.len() {
        let (budget, dept, layer, level, org, location) = {
            let v = &nodes[head];
            (v.budget, v.dept as usize, v.layer, v.level, v.org, v.location)
        };
        let me = head as u32;
        head += 1;
        if budget == 0 {
            continue;
        }
        let d = &DEPTS[dept];
        // Deep lines flatten out: past layer 9 teams absorb more before splitting.
        let frontline_cap = d.frontline * rng.gen_range(1.2..2.4) * if layer > 9 { 3.0 } else { 1.0 };
        let child = |rng: &mut ChaCha8Rng, b: u64, lvl: u8| {
            let org = if org == 0 && !d.hourly && layer == 2 && rng.gen_bool(0.6) { rng.gen_range(1..=ORGS.len() as u8) } else { org };
            let location = if rng.gen_bool(0.85) {
                location
            } else if d.hourly && b > 0 {
                SITES[rng.gen_range(0..SITES.len())]
            } else {
                OFFICES[rng.gen_range(0..OFFICES.len())]
            };
            Node { parent: me, dept: dept as u8, budget: b, layer: layer + 1, level: lvl, org, location }
        };
        if (budget as f64) <= frontline_cap || layer >= 11 {
            // One team of individual contributors.
            for _ in 0..budget {
                let lvl = ic_level(&mut rng, d, level);
                let c = child(&mut rng, 0, lvl);
                nodes.push(c);
            }
            continue;
        }
        let median = if budget > 20_000 { 9.0 } else if d.hourly { 6.0 } else { 6.0 };
        let span = (lognormal(&mut rng, median, 0.45).round() as u64).clamp(3, 25).min(budget);
        let ic_share = if budget > 20_000 { 0.0 } else if d.hourly { rng.gen_range(0.0..0.15) } else { rng.gen_range(0.0..0.45) };
        let remaining = budget - span;
        // No more managers than the rest of the budget needs as frontline teams: near the
        // bottom a manager leads a few teams and some individual contributors directly.
        let needed = ((remaining as f64 / d.frontline).ceil() as u64).max(1);
        let ics = ((span as f64 * ic_share).round() as u64).min(span - 1).max(span.saturating_sub(needed));
        let mgrs = span - ics;
        // Large organisations split more evenly than small teams (a VP's directors are more alike
        // in size than a manager's teams), which keeps the deepest line near 12 layers.
        let skew = if budget > 20_000 { 0.35 } else { 0.7 };
        let w: Vec<f64> = (0..mgrs).map(|_| lognormal(&mut rng, 1.0, skew)).collect();
        let ws: f64 = w.iter().sum();
        let mut shares: Vec<u64> = w.iter().map(|x| (remaining as f64 * x / ws).floor() as u64).collect();
        let mut left = remaining - shares.iter().sum::<u64>();
        let mut k = 0;
        let m = shares.len();
        while left > 0 {
            shares[k % m] += 1;
            left -= 1;
            k += 1;
        }
        for b in shares {
            let lvl = if b == 0 { ic_level(&mut rng, d, level) } else { mgr_level(&mut rng, d, b, level) };
            let c = child(&mut rng, b, lvl);
            nodes.push(c);
        }
        for _ in 0..ics {
            let lvl = ic_level(&mut rng, d, level);
            let c = child(&mut rng, 0, lvl);
            nodes.push(c);
        }
    }
    debug_assert_eq!(nodes.len(), n);

    // Ids: an affine bijection of 0..9e7 (multiplier coprime to 9e7): unique 8-digit numbers
    // that do not follow the hierarchy.
    let offset = rng.gen_range(0..90_000_000u64);
    let ids: Vec<u64> = (0..n as u64).map(|k| 10_000_000 + (k * 48_271 + offset) % 90_000_000).collect();
    let mut has_reports = vec![false; n];
    for v in &nodes[1..] {
        has_reports[v.parent as usize] = true;
    }
    let mut out = SynthOrg {
        id: Vec::with_capacity(n),
        manager: Vec::with_capacity(n),
        title: Vec::with_capacity(n),
        level: Vec::with_capacity(n),
        department: Vec::with_capacity(n),
        location: Vec::with_capacity(n),
        pay: Vec::with_capacity(n),
        hourly: Vec::with_capacity(n),
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng);
    for &i in &order {
        let v = &nodes[i];
        let (title, dept_name, hourly) = if i == 0 {
            ("Chief Executive Officer".to_string(), "Executive Office", false)
        } else {
            let d = &DEPTS[v.dept as usize];
            let t = title_for(&mut rng, d, v, has_reports[i]);
            (t, d.name, d.hourly && v.level <= 3 && !has_reports[i])
        };
        let annual = match &o.pay {
            // Mean-one noise: the median is exp(-sigma^2 / 2).
            Some(p) => p.annual[v.level as usize - 1] * lognormal(&mut rng, (-0.005f64).exp(), 0.1),
            None => {
                let factor = if i == 0 { 1.0 } else { DEPTS[v.dept as usize].pay_factor };
                PAY[v.level as usize - 1] * factor * lognormal(&mut rng, 1.0, 0.1)
            }
        };
        out.id.push(ids[i]);
        out.manager.push(if i == 0 { 0 } else { ids[v.parent as usize] });
        out.title.push(title);
        out.level.push(v.level);
        out.department.push(dept_name);
        out.location.push(v.location);
        out.pay.push(if hourly { (annual / 2080.0 * 100.0).round() / 100.0 } else { annual.round() });
        out.hourly.push(hourly);
    }
    Ok(out)
}

fn ic_level(rng: &mut ChaCha8Rng, d: &Dept, manager_level: u8) -> u8 {
    let x: f64 = rng.gen();
    let l = if d.hourly {
        if x < 0.78 {
            1
        } else if x < 0.95 {
            2
        } else {
            3
        }
    } else if x < 0.22 {
        4
    } else if x < 0.58 {
        5
    } else if x < 0.88 {
        6
    } else if x < 0.98 {
        7
    } else {
        8
    };
    l.min(manager_level.saturating_sub(1)).max(1)
}

fn mgr_level(rng: &mut ChaCha8Rng, d: &Dept, budget: u64, parent_level: u8) -> u8 {
    let base = 4.0 + (budget as f64 + 1.0).log10() * 1.35 + rng.gen_range(-0.4..0.4);
    let l = base.round() as i64 - i64::from(d.hourly);
    (l.clamp(if d.hourly { 4 } else { 5 }, 11) as u8).min(parent_level.saturating_sub(1)).max(4)
}

fn title_for(rng: &mut ChaCha8Rng, d: &Dept, v: &Node, manager: bool) -> String {
    let list: &[&str] = if v.layer == 2 {
        return d.head.to_string();
    } else if manager {
        let tier = match v.level {
            0..=5 => 0,
            6 => 1,
            7 => 2,
            8 | 9 => 3,
            _ => 4,
        };
        d.mgr[tier]
    } else {
        let tier = if d.hourly { (v.level as usize).clamp(1, 3) - 1 } else { (v.level as usize).clamp(4, 8) - 4 };
        // Hourly departments have corporate-level staff too (analysts, specialists).
        d.ic[tier.min(d.ic.len() - 1)]
    };
    let mut t = list[rng.gen_range(0..list.len())].to_string();
    if v.org > 0 && rng.gen_bool(0.3) {
        t.push_str(ORGS[v.org as usize - 1]);
    }
    t
}

impl SynthOrg {
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Write as CSV (the header names of a typical HRIS export), or Parquet when the path ends in .parquet.
    pub fn write(&self, path: &Path) -> Result<()> {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
            return self.write_parquet(path);
        }
        let werr = |e: &dyn std::fmt::Display| OrgError::Write { path: path.to_path_buf(), message: e.to_string() };
        let f = std::fs::File::create(path).map_err(|e| werr(&e))?;
        self.write_csv(std::io::BufWriter::with_capacity(1 << 20, f)).map_err(|e| werr(&e))
    }

    pub fn write_csv<W: Write>(&self, w: W) -> std::result::Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(w);
        w.write_record(["Employee ID", "Manager ID", "Business Title", "Job Level", "Department", "Location", "Base Pay", "Pay Basis"])?;
        for i in 0..self.len() {
            let mgr = if self.manager[i] == 0 { String::new() } else { self.manager[i].to_string() };
            let level = format!("L{}", self.level[i]);
            let pay = if self.hourly[i] { format!("{:.2}", self.pay[i]) } else { format!("{}", self.pay[i] as u64) };
            w.write_record([
                self.id[i].to_string().as_str(),
                &mgr,
                &self.title[i],
                &level,
                self.department[i],
                self.location[i],
                &pay,
                if self.hourly[i] { "Hourly" } else { "Salaried" },
            ])?;
        }
        w.flush()?;
        Ok(())
    }

    fn write_parquet(&self, path: &Path) -> Result<()> {
        use arrow::array::{ArrayRef, Float64Array, StringArray};
        use arrow::datatypes::{DataType, Field, Schema};
        use std::sync::Arc;
        let s = |name: &str| Field::new(name, DataType::Utf8, true);
        let schema = Arc::new(Schema::new(vec![
            s("Employee ID"),
            s("Manager ID"),
            s("Business Title"),
            s("Job Level"),
            s("Department"),
            s("Location"),
            Field::new("Base Pay", DataType::Float64, true),
            s("Pay Basis"),
        ]));
        let mut batches = Vec::new();
        let step = 256 * 1024;
        for start in (0..self.len()).step_by(step) {
            let r = start..(start + step).min(self.len());
            let cols: Vec<ArrayRef> = vec![
                Arc::new(StringArray::from_iter_values(self.id[r.clone()].iter().map(|x| x.to_string()))),
                Arc::new(StringArray::from_iter(self.manager[r.clone()].iter().map(|&x| (x != 0).then(|| x.to_string())))),
                Arc::new(StringArray::from_iter_values(self.title[r.clone()].iter())),
                Arc::new(StringArray::from_iter_values(self.level[r.clone()].iter().map(|l| format!("L{l}")))),
                Arc::new(StringArray::from_iter_values(self.department[r.clone()].iter())),
                Arc::new(StringArray::from_iter_values(self.location[r.clone()].iter())),
                Arc::new(Float64Array::from(self.pay[r.clone()].to_vec())),
                Arc::new(StringArray::from_iter_values(self.hourly[r].iter().map(|&h| if h { "Hourly" } else { "Salaried" }))),
            ];
            batches.push(arrow::record_batch::RecordBatch::try_new(schema.clone(), cols).map_err(|e| OrgError::Write {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?);
        }
        crate::tables::write_batches(path, schema, &batches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests_support::org_from_csv;

    fn csv_of(o: &SynthOrg) -> String {
        let mut v = Vec::new();
        o.write_csv(&mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn deterministic_for_a_seed() {
        let a = generate(&SynthOptions { people: 3000, seed: 7, corporate_only: false, pay: None }).unwrap();
        let b = generate(&SynthOptions { people: 3000, seed: 7, corporate_only: false, pay: None }).unwrap();
        let c = generate(&SynthOptions { people: 3000, seed: 8, corporate_only: false, pay: None }).unwrap();
        assert_eq!(csv_of(&a), csv_of(&b));
        assert_ne!(csv_of(&a), csv_of(&c));
    }

    #[test]
    fn company_pay_by_level_is_the_profile_pay_on_average() {
        let pay = PayByLevel::from_levels(&[(4, 186_000.0), (5, 272_000.0), (6, 379_000.0), (7, 637_000.0)], "fixture").unwrap();
        assert_eq!(pay.annual[4], 272_000.0);
        // L3 scaled from L4 by the generic ladder (52k / 88k); L8 from L7 (290k / 215k).
        assert!((pay.annual[2] - 186_000.0 * 52_000.0 / 88_000.0).abs() < 1e-6);
        assert!((pay.annual[7] - 637_000.0 * 290_000.0 / 215_000.0).abs() < 1e-6);
        assert!(pay.describe().contains("L1, L2, L3, L8"), "{}", pay.describe());
        let s = generate(&SynthOptions { people: 20_000, seed: 3, corporate_only: true, pay: Some(pay.clone()) }).unwrap();
        for level in 4..=7u8 {
            let (sum, n) = s.level.iter().zip(&s.pay).zip(&s.hourly).filter(|((l, _), h)| **l == level && !**h).fold((0.0, 0.0), |a, ((_, p), _)| (a.0 + p, a.1 + 1.0));
            assert!(n > 50.0, "level {level}: {n} people");
            let mean = sum / n;
            let want = pay.annual[level as usize - 1];
            assert!((mean / want - 1.0).abs() < 0.02, "L{level}: mean {mean} vs {want}");
        }
        assert!(PayByLevel::from_levels(&[(13, 1.0)], "x").is_err());
        assert!(PayByLevel::from_levels(&[], "x").is_err());
    }

    #[test]
    fn exact_size_valid_tree_realistic_shape() {
        for n in [1, 2, 15, 20_000] {
            let s = generate(&SynthOptions { people: n, seed: 1, corporate_only: false, pay: None }).unwrap();
            assert_eq!(s.len(), n);
            let org = org_from_csv(&csv_of(&s));
            assert_eq!(org.people(), n);
            if n == 20_000 {
                let sp = crate::spans::compute(&org, &Default::default()).summary;
                assert!((6..=12).contains(&sp.layers), "layers {}", sp.layers);
                assert!(sp.max_span as f64 > 2.5 * sp.median_span, "skewed spans: {} vs {}", sp.max_span, sp.median_span);
                assert!(org.department.values.len() >= 10);
                assert!(org.title.values.iter().any(|t| t.contains("Sr.")));
                assert!(org.title.values.iter().any(|t| t.ends_with(", AWS") || t.ends_with(", Retail") || t.ends_with(", Ads")));
                // Hourly operations staff were annualised on import: no pay looks like an hourly rate.
                assert!(org.pay.iter().filter(|p| !p.is_nan()).all(|&p| p > 15_000.0));
            }
        }
    }

    #[test]
    fn corporate_only_has_no_warehouse() {
        let s = generate(&SynthOptions { people: 5000, seed: 3, corporate_only: true, pay: None }).unwrap();
        assert!(!s.department.contains(&"Operations"));
    }
}
