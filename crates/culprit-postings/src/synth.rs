//! A synthetic postings corpus for tests and benchmarks: realistic descriptions assembled from
//! sentence templates, AI mentions planted at a controllable rate per occupation (rising over
//! time), and tricky negatives ("said", "Thai", "Kai", "HTML", "rags", a person named Claude, a
//! copilot in a cockpit) that a correct matcher must ignore. Deterministic for a seed, whatever
//! the number of threads: each block of postings has its own generator derived from the seed.

use crate::input::Posting;
use crate::taxonomy::ContextClass;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Postings generated per independent random stream.
const BLOCK: usize = 4096;

pub struct OccupationSpec {
    pub soc: &'static str,
    pub name: &'static str,
    pub titles: &'static [&'static str],
    /// Share of postings mentioning AI in the middle of the period, before scaling.
    pub ai_rate: f64,
    /// Weights of the AI sentence kinds: [generic talk, generic use, specific build, tool use, hiring].
    pub mix: [f64; 5],
    /// Occupation-specific neutral sentences (including traps for this trade).
    pub duties: &'static [&'static str],
}

pub const OCCUPATIONS: &[OccupationSpec] = &[
    OccupationSpec { soc: "15-1252", name: "Software Developers", titles: &["Software Engineer", "Senior Software Engineer", "Backend Developer", "Full Stack Developer"], ai_rate: 0.45, mix: [2.0, 1.5, 3.0, 2.5, 1.0],
        duties: &["Write clean, tested code and review pull requests.", "Maintain our HTML, CSS and email templates.", "Keep services reliable and on call rotations fair.", "Work with XML feeds and REST APIs."] },
    OccupationSpec { soc: "15-2051", name: "Data Scientists", titles: &["Data Scientist", "Senior Data Scientist", "Machine Learning Engineer"], ai_rate: 0.85, mix: [1.0, 0.5, 6.0, 1.0, 0.5],
        duties: &["Work with stakeholders to frame questions and measure outcomes.", "Present findings to leadership in plain language.", "Write SQL against our warehouse."] },
    OccupationSpec { soc: "13-1161", name: "Market Research Analysts and Marketing Specialists", titles: &["Marketing Specialist", "Digital Marketing Specialist", "Content Marketing Manager"], ai_rate: 0.30, mix: [4.0, 3.0, 0.3, 3.0, 1.0],
        duties: &["Plan email campaigns and measure their results.", "Write copy for social media and landing pages.", "Track brand mentions and report weekly."] },
    OccupationSpec { soc: "43-4051", name: "Customer Service Representatives", titles: &["Customer Service Representative", "Customer Support Specialist", "Call Center Agent"], ai_rate: 0.12, mix: [3.0, 3.0, 0.1, 2.0, 2.0],
        duties: &["Answer calls, chats and email from customers with care.", "Log every case in our ticketing system.", "Escalate complaints to the right team."] },
    OccupationSpec { soc: "29-1141", name: "Registered Nurses", titles: &["Registered Nurse", "RN - Med/Surg", "ICU Nurse"], ai_rate: 0.03, mix: [3.0, 1.0, 0.2, 0.5, 3.0],
        duties: &["Assess patients and administer medications as ordered.", "Maintain accurate charts in the EHR.", "Educate patients and families about aftercare."] },
    OccupationSpec { soc: "53-3032", name: "Heavy and Tractor-Trailer Truck Drivers", titles: &["CDL-A Truck Driver", "Regional Truck Driver", "OTR Driver"], ai_rate: 0.01, mix: [2.0, 0.5, 0.0, 0.2, 3.0],
        duties: &["Must hold a valid DL and CDL with a clean record.", "Inspect the rig before and after every trip.", "Deliver loads safely and on time."] },
    OccupationSpec { soc: "41-2031", name: "Retail Salespersons", titles: &["Retail Sales Associate", "Sales Associate", "Store Associate"], ai_rate: 0.02, mix: [3.0, 1.0, 0.0, 0.5, 2.0],
        duties: &["Greet customers and help them find what they need.", "Keep shelves stocked and the floor tidy; rags and supplies are provided.", "Run the register and handle returns."] },
    OccupationSpec { soc: "13-2011", name: "Accountants and Auditors", titles: &["Staff Accountant", "Senior Accountant", "Auditor"], ai_rate: 0.12, mix: [2.0, 2.5, 0.3, 2.0, 1.0],
        duties: &["Prepare monthly close entries and reconciliations.", "Support the annual audit and tax filings.", "Keep detailed records that meet GAAP."] },
    OccupationSpec { soc: "27-3043", name: "Writers and Authors", titles: &["Content Writer", "Copywriter", "Technical Writer"], ai_rate: 0.30, mix: [2.0, 2.0, 0.2, 4.0, 0.5],
        duties: &["Write and edit articles, guides and release notes.", "Interview subject experts and fact-check claims.", "Keep our style guide current."] },
    OccupationSpec { soc: "11-3121", name: "Human Resources Managers", titles: &["HR Manager", "People Operations Manager", "HR Business Partner"], ai_rate: 0.15, mix: [2.0, 2.0, 0.1, 1.5, 3.0],
        duties: &["Partner with managers on performance and pay.", "Run onboarding and keep policies current.", "Handle employee relations with discretion."] },
    OccupationSpec { soc: "35-2014", name: "Cooks, Restaurant", titles: &["Line Cook", "Prep Cook", "Thai Cuisine Cook"], ai_rate: 0.005, mix: [2.0, 0.5, 0.0, 0.2, 2.0],
        duties: &["Prepare Thai and Japanese dishes to spec under chef Kai.", "Keep the line clean and food safe.", "Prep sauces, curries and garnishes daily."] },
    OccupationSpec { soc: "53-2011", name: "Airline Pilots, Copilots, and Flight Engineers", titles: &["First Officer", "Captain", "Copilot - Regional Jet"], ai_rate: 0.01, mix: [2.0, 0.5, 0.0, 0.2, 2.0],
        duties: &["Serve as copilot on regional routes with Captain Claude Martin.", "Complete pre-flight checks and flight logs.", "Maintain currency on type ratings."] },
    OccupationSpec { soc: "15-1254", name: "Web Developers", titles: &["Web Developer", "Front End Developer", "UI Developer"], ai_rate: 0.25, mix: [2.0, 2.0, 1.5, 3.0, 0.5],
        duties: &["Build accessible pages in HTML, CSS and TypeScript.", "Optimize images and page load times.", "Maintain the design system with our UX team."] },
    OccupationSpec { soc: "13-1111", name: "Management Analysts", titles: &["Management Consultant", "Business Analyst", "Strategy Analyst"], ai_rate: 0.22, mix: [4.0, 2.0, 0.5, 1.5, 0.5],
        duties: &["Map processes and find the waste in them.", "Build business cases and present them to executives.", "We fine-tune our processes every quarter."] },
    OccupationSpec { soc: "43-6014", name: "Secretaries and Administrative Assistants", titles: &["Administrative Assistant", "Executive Assistant", "Office Coordinator"], ai_rate: 0.08, mix: [2.0, 2.0, 0.0, 3.0, 1.0],
        duties: &["Manage calendars, travel and email for three executives.", "Order supplies and aid visitors.", "Take minutes and track action items."] },
];

/// An AI sentence template, with what a correct scan must find in it.
struct AiTemplate {
    text: &'static str,
    generic: u32,
    specific: u32,
    tool: u32,
    context: ContextClass,
}

const fn t(text: &'static str, generic: u32, specific: u32, tool: u32, context: ContextClass) -> AiTemplate {
    AiTemplate { text, generic, specific, tool, context }
}

use ContextClass::{BareMention as B, Build as D, HiringProcess as H, UseTools as U};

// Kinds, in the order of `OccupationSpec::mix`. `{S}` is replaced by a skill, `{F}`/`{G}` by two
// frameworks, `{T}` by an unambiguous tool and `{A}` by any tool (possibly "Claude", which then
// counts because `{T}` is in the same sentence).
const GENERIC_TALK: &[AiTemplate] = &[
    t("We are an AI-first company reshaping {I}.", 1, 0, 0, B),
    t("Join us as we bring artificial intelligence to every corner of {I}.", 1, 0, 0, B),
    t("Our AI-powered platform serves millions of customers.", 1, 0, 0, B),
    t("Be part of our AI transformation journey!", 1, 0, 0, B),
    t("We believe GenAI will reshape {I}, and AI is at the heart of everything we do.", 2, 0, 0, B),
    t("#AI #GenAI #hiring", 2, 0, 0, B),
];
const GENERIC_USE: &[AiTemplate] = &[
    t("Comfortable using AI tools to improve productivity.", 1, 0, 0, U),
    t("Leverage AI to streamline reporting.", 1, 0, 0, U),
    t("Familiarity with generative AI tools such as {T} is a plus.", 1, 0, 1, U),
    t("You will use AI-assisted workflows every day.", 1, 0, 0, U),
];
const SPECIFIC_BUILD: &[AiTemplate] = &[
    t("Design and deploy {S} models in production.", 0, 1, 0, D),
    t("Experience with {F} and {G} required.", 0, 2, 0, D),
    t("Build retrieval-augmented generation (RAG) pipelines on large language models.", 0, 3, 0, D),
    t("Fine-tune LLMs with LoRA for domain tasks.", 0, 3, 0, D),
    t("Own MLOps: model serving and the feature store.", 0, 3, 0, D),
    t("Strong background in AI/ML and NLP.", 1, 1, 0, D),
    t("Help us build AI solutions using {S} for our clients.", 1, 1, 0, D),
];
const TOOL_USE: &[AiTemplate] = &[
    t("Use {T} and {A} to draft and summarize documents.", 0, 0, 2, U),
    t("Daily work with {T} is expected.", 0, 0, 1, U),
    t("We give every employee a {T} licence.", 0, 0, 1, U),
];
const HIRING: &[AiTemplate] = &[
    t("We may use artificial intelligence tools to help review applications; a human makes every decision.", 1, 0, 0, H),
    t("AI may assist in screening applications for this role.", 1, 0, 0, H),
    t("Candidates: our recruitment process uses AI-enabled scheduling.", 1, 0, 0, H),
];
const KINDS: [&[AiTemplate]; 5] = [GENERIC_TALK, GENERIC_USE, SPECIFIC_BUILD, TOOL_USE, HIRING];

const SKILLS: &[&str] = &["machine learning", "deep learning", "NLP", "computer vision", "reinforcement learning", "Machine Learning"];
const FRAMEWORKS: &[&str] = &["PyTorch", "TensorFlow", "scikit-learn", "Keras", "XGBoost", "Hugging Face", "LangChain"];
const TOOLS_UNAMBIGUOUS: &[&str] = &["ChatGPT", "GitHub Copilot", "Microsoft Copilot", "Midjourney", "Claude Code", "Google Gemini", "OpenAI"];
const TOOLS_ANY: &[&str] = &["Claude", "Gemini", "Copilot", "Grammarly", "Perplexity AI"];

/// Neutral sentences for any posting; several are traps.
const NEUTRAL: &[&str] = &[
    "Our founder Claude Martin said it best: people first.",
    "Enjoy free Thai lunches every Friday with chef Kai.",
    "Our offices are in the Gemini Tower downtown.",
    "We value curiosity, candor and kindness.",
    "You will report to the head of the department.",
    "Main responsibilities are listed below.",
    "Travel is rare, about once a quarter.",
    "We said no to open-plan offices.",
    "Paid training is provided from day one.",
    "Our mission is simple: make it easy to do the right thing.",
];
const ABOUT: &[&str] = &[
    "For more than twenty years we have helped customers across the country get more done with less hassle.",
    "We are proud of a culture where people grow, speak up and look after each other.",
    "Our teams work in small groups with clear goals and the autonomy to reach them.",
    "We invest in our people through mentoring, internal mobility and a generous learning budget.",
    "Customers trust us because we do what we say, on time, every time.",
    "We are growing fast and opened three new locations last year.",
    "Our leadership team has grown the business every year while keeping turnover low.",
    "We serve small businesses, large enterprises and public agencies.",
];
const REQUIREMENTS: &[&str] = &[
    "Two or more years of relevant experience, or equivalent education.",
    "Clear written and spoken communication in English.",
    "Strong attention to detail and the ability to manage competing priorities.",
    "A collaborative attitude and respect for colleagues and customers.",
    "Willingness to learn and to take feedback.",
    "Must be authorized to work in the United States.",
    "Ability to lift 25 pounds and stand for long periods when needed.",
    "Comfort with spreadsheets, calendars and shared documents.",
    "A high school diploma or GED; a bachelor's degree is a plus.",
    "Reliable transportation and a flexible schedule.",
];
const BENEFITS: &[&str] = &[
    "Benefits include medical, dental and vision coverage.",
    "We offer a 401(k) with a 4% match.",
    "Enjoy 20 days of paid time off plus holidays.",
    "Flexible hours and a hybrid schedule.",
    "Tuition reimbursement up to $5,250 a year.",
    "Parental leave of 16 weeks, fully paid.",
];
const EEO: &[&str] = &[
    "We are an equal opportunity employer and value diversity at our company.",
    "All qualified applicants will receive consideration for employment without regard to race, color, religion, sex or national origin.",
];
const INDUSTRIES: &[&str] = &["logistics", "healthcare", "retail", "financial services", "insurance", "manufacturing", "media", "hospitality", "education", "energy"];
const PREFIX: &[&str] = &["North", "Blue", "Bright", "Summit", "Harbor", "Pine", "Iron", "Silver", "Cedar", "Atlas", "Nova", "Granite", "Maple", "Falcon", "River", "Prairie"];
const SUFFIX: &[&str] = &["Logistics", "Health", "Foods", "Systems", "Bank", "Labs", "Media", "Retail", "Insurance", "Works", "Energy", "Partners", "Airlines", "Group"];
const CITIES: &[(&str, &str)] = &[
    ("Seattle", "WA"), ("Austin", "TX"), ("New York", "NY"), ("Chicago", "IL"), ("Atlanta", "GA"), ("Denver", "CO"),
    ("Boston", "MA"), ("Phoenix", "AZ"), ("Columbus", "OH"), ("Charlotte", "NC"), ("San Jose", "CA"), ("Los Angeles", "CA"),
    ("Miami", "FL"), ("Nashville", "TN"), ("Minneapolis", "MN"), ("Portland", "OR"), ("Detroit", "MI"), ("Pittsburgh", "PA"),
];
const SENIORITY: &[&str] = &["", "", "", "Senior ", "Junior ", "Lead "];

#[derive(Debug, Clone, Serialize)]
pub struct SynthConfig {
    pub n: usize,
    pub seed: u64,
    /// Multiplies every occupation's AI-mention rate (then capped at 1).
    pub ai_scale: f64,
    /// Rate overrides by SOC code, replacing the built-in base rate.
    pub rates: BTreeMap<String, f64>,
    /// First month "YYYY-MM" and number of months; rates rise linearly from half to 1.5 times the
    /// base over the period, as AI talk did after late 2022.
    pub start: (i32, u32),
    pub months: u32,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig { n: 1000, seed: 42, ai_scale: 1.0, rates: BTreeMap::new(), start: (2022, 1), months: 48 }
    }
}

/// What a correct scan of a synthetic posting must find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Truth {
    pub generic: u32,
    pub specific: u32,
    pub tool: u32,
    pub context: Option<ContextClass>,
}

#[derive(Debug, Clone)]
pub struct SynthPosting {
    pub posting: Posting,
    pub soc: &'static str,
    pub truth: Truth,
}

fn pick<'a, R: Rng>(rng: &mut R, xs: &'a [&'a str]) -> &'a str {
    xs[rng.gen_range(0..xs.len())]
}

fn rate_for(cfg: &SynthConfig, occ: &OccupationSpec, month_index: u32) -> f64 {
    let base = cfg.rates.get(occ.soc).copied().unwrap_or(occ.ai_rate);
    let span = cfg.months.max(2) - 1;
    let trend = 0.5 + month_index as f64 / span as f64;
    (base * trend * cfg.ai_scale).clamp(0.0, 1.0)
}

fn fill<R: Rng>(rng: &mut R, text: &str, industry: &str) -> String {
    let mut s = text.replace("{I}", industry).replace("{S}", pick(rng, SKILLS)).replace("{T}", pick(rng, TOOLS_UNAMBIGUOUS)).replace("{A}", pick(rng, TOOLS_ANY));
    if s.contains("{F}") {
        let mut fw: Vec<&str> = FRAMEWORKS.to_vec();
        fw.shuffle(rng);
        s = s.replace("{F}", fw[0]).replace("{G}", fw[1]);
    }
    s
}

fn one<R: Rng>(rng: &mut R, cfg: &SynthConfig, i: usize) -> SynthPosting {
    let occ = &OCCUPATIONS[rng.gen_range(0..OCCUPATIONS.len())];
    let month_index = rng.gen_range(0..cfg.months.max(1));
    let m0 = cfg.start.0 * 12 + cfg.start.1 as i32 - 1 + month_index as i32;
    let date = format!("{:04}-{:02}-{:02}", m0 / 12, m0 % 12 + 1, rng.gen_range(1..=28));
    let company_no = rng.gen_range(0..PREFIX.len() * SUFFIX.len());
    let company = format!("{} {}", PREFIX[company_no % PREFIX.len()], SUFFIX[company_no / PREFIX.len()]);
    let industry = INDUSTRIES[company_no % INDUSTRIES.len()];
    let (city, st) = CITIES[rng.gen_range(0..CITIES.len())];
    let title = format!("{}{}", pick(rng, SENIORITY), pick(rng, occ.titles));

    let mut truth = Truth::default();
    // "Machine Learning Engineer" in the title sentence is a mention too ("engineer" is a build cue).
    if title.contains("Machine Learning") {
        truth.specific += 1;
        truth.context = Some(ContextClass::Build);
    }
    let mut ai: Vec<String> = Vec::new();
    if rng.gen_bool(rate_for(cfg, occ, month_index)) {
        let total: f64 = occ.mix.iter().sum();
        for _ in 0..rng.gen_range(1..=3) {
            let mut x = rng.gen_range(0.0..total);
            let kind = occ.mix.iter().position(|w| {
                x -= w;
                x < 0.0
            });
            let pool = KINDS[kind.unwrap_or(0)];
            let tpl = &pool[rng.gen_range(0..pool.len())];
            ai.push(fill(rng, tpl.text, industry));
            truth.generic += tpl.generic;
            truth.specific += tpl.specific;
            truth.tool += tpl.tool;
            truth.context = Some(truth.context.map_or(tpl.context, |c| c.max(tpl.context)));
        }
    }

    let mut d = String::with_capacity(2400);
    d.push_str(&format!("{company} is a growing {industry} company based in {city}, {st}. "));
    d.push_str(pick(rng, NEUTRAL));
    let mut about: Vec<&str> = ABOUT.to_vec();
    about.shuffle(rng);
    for a in &about[..4] {
        d.push(' ');
        d.push_str(a);
    }
    d.push(' ');
    let ai_intro = ai.len() > 1 && rng.gen_bool(0.3);
    if ai_intro {
        d.push_str(&ai.remove(0));
        d.push(' ');
    }
    d.push_str(&format!("\n\nAbout the role\nAs a {title} you will join a team of {} people. ", rng.gen_range(4..40)));
    d.push_str(pick(rng, NEUTRAL));
    d.push_str("\n\nWhat you will do\n");
    let mut bullets: Vec<String> = occ.duties.iter().map(|s| s.to_string()).collect();
    bullets.push(pick(rng, NEUTRAL).to_string());
    bullets.shuffle(rng);
    let hiring_last = ai.iter().position(|s| HIRING.iter().any(|h| s == h.text));
    let hiring = hiring_last.map(|p| ai.remove(p));
    for s in ai.drain(..) {
        let at = rng.gen_range(0..=bullets.len());
        bullets.insert(at, s);
    }
    for b in &bullets {
        d.push_str("- ");
        d.push_str(b);
        d.push('\n');
    }
    d.push_str("\nWhat you bring\n");
    let mut req: Vec<&str> = REQUIREMENTS.to_vec();
    req.shuffle(rng);
    for r in &req[..5] {
        d.push_str("- ");
        d.push_str(r);
        d.push('\n');
    }
    d.push_str("\nWhat we offer\n");
    let mut ben: Vec<&str> = BENEFITS.to_vec();
    ben.shuffle(rng);
    for b in &ben[..3] {
        d.push_str("- ");
        d.push_str(b);
        d.push('\n');
    }
    d.push('\n');
    d.push_str(pick(rng, EEO));
    if let Some(h) = hiring {
        d.push(' ');
        d.push_str(&h);
    }
    d.push('\n');
    let posting = Posting {
        id: format!("p{:09}", i),
        date,
        company,
        title,
        description: d,
        location: format!("{city}, {st}"),
    };
    SynthPosting { posting, soc: occ.soc, truth }
}

/// (title, SOC, occupation) for every title the generator can write, seniority included: a
/// title list for [`crate::coder::TitleTable`] until the real title coder is plugged in.
pub fn title_rows() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for o in OCCUPATIONS {
        for t in o.titles {
            for s in SENIORITY.iter().filter(|s| !s.is_empty()).chain(std::iter::once(&"")) {
                let row = (format!("{s}{t}"), o.soc.to_string(), o.name.to_string());
                if !out.contains(&row) {
                    out.push(row);
                }
            }
        }
    }
    out
}

fn block_rng(seed: u64, block: usize) -> ChaCha8Rng {
    // Distinct, well-mixed stream per block (splitmix64 of seed and block number).
    let mut z = seed ^ (block as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ChaCha8Rng::seed_from_u64(z ^ (z >> 31))
}

/// Postings `[from, to)` of the corpus for `cfg` (the same postings whatever the slicing).
pub fn generate_range(cfg: &SynthConfig, from: usize, to: usize) -> Vec<SynthPosting> {
    let to = to.min(cfg.n);
    if from >= to {
        return Vec::new();
    }
    let first_block = from / BLOCK;
    let last_block = (to - 1) / BLOCK;
    (first_block..=last_block)
        .into_par_iter()
        .flat_map_iter(|b| {
            let mut rng = block_rng(cfg.seed, b);
            let lo = b * BLOCK;
            let hi = ((b + 1) * BLOCK).min(cfg.n);
            let mut out = Vec::with_capacity(hi - lo);
            for i in lo..hi {
                let p = one(&mut rng, cfg, i);
                if i >= from && i < to {
                    out.push(p);
                }
            }
            out
        })
        .collect()
}

pub fn generate(cfg: &SynthConfig) -> Vec<SynthPosting> {
    generate_range(cfg, 0, cfg.n)
}

/// Write the corpus as JSON Lines (`id`, `date`, `company`, `title`, `description`, `location`),
/// in blocks so that a corpus larger than memory can be written. Returns bytes of description.
pub fn write_jsonl<W: std::io::Write>(cfg: &SynthConfig, mut w: W) -> std::io::Result<u64> {
    let mut desc_bytes = 0u64;
    let step = BLOCK * 16;
    let mut from = 0;
    while from < cfg.n {
        let batch = generate_range(cfg, from, from + step);
        let lines: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|p| {
                let mut v = serde_json::to_vec(&p.posting).expect("a posting serialises");
                v.push(b'\n');
                v
            })
            .collect();
        for (p, l) in batch.iter().zip(&lines) {
            desc_bytes += p.posting.description.len() as u64;
            w.write_all(l)?;
        }
        from += step;
    }
    w.flush()?;
    Ok(desc_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Matcher, Taxonomy};

    #[test]
    fn deterministic_and_independent_of_slicing() {
        let cfg = SynthConfig { n: 10_000, seed: 7, ..Default::default() };
        let a = generate(&cfg);
        let b: Vec<SynthPosting> = [(0, 3000), (3000, 9000), (9000, 10_000)].iter().flat_map(|&(x, y)| generate_range(&cfg, x, y)).collect();
        assert_eq!(a.len(), 10_000);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.posting, y.posting);
        }
        let other = generate(&SynthConfig { seed: 8, ..cfg.clone() });
        assert_ne!(a[0].posting.description, other[0].posting.description);
    }

    #[test]
    fn the_scanner_finds_exactly_what_was_planted() {
        let m = Matcher::new(&Taxonomy::builtin()).unwrap();
        let cfg = SynthConfig { n: 20_000, seed: 3, ..Default::default() };
        let mut with_ai = 0;
        for p in generate(&cfg) {
            let s = m.scan(&p.posting.description);
            let got = Truth { generic: s.generic, specific: s.specific, tool: s.tool, context: s.context };
            assert_eq!(got, p.truth, "{}\n{}", p.posting.id, p.posting.description);
            with_ai += s.any() as usize;
        }
        assert!(with_ai > 2000 && with_ai < 8000, "{with_ai}");
    }

    #[test]
    fn rates_are_controllable_by_occupation() {
        let mut rates = BTreeMap::new();
        rates.insert("29-1141".to_string(), 1.0);
        rates.insert("15-2051".to_string(), 0.0);
        let cfg = SynthConfig { n: 8000, seed: 1, rates, months: 1, ..Default::default() };
        let ps = generate(&cfg);
        let share = |soc: &str| {
            // Titles that are themselves mentions ("Machine Learning Engineer") are not planted.
            let v: Vec<_> = ps.iter().filter(|p| p.soc == soc && !p.posting.title.contains("Machine Learning")).collect();
            v.iter().filter(|p| p.truth.context.is_some()).count() as f64 / v.len() as f64
        };
        // One month: the trend factor is 0.5.
        assert!((share("29-1141") - 0.5).abs() < 0.08, "{}", share("29-1141"));
        assert_eq!(share("15-2051"), 0.0);
    }
}
