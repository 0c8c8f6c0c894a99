//! Abbreviations that HR systems really use, level markers, and the few function words O*NET's own
//! vocabulary lacks. Everything here is a lookup table; the rules that apply it live in
//! `normalize`. Acronyms that O*NET spells out itself ("Certified Nursing Assistant (CNA)") are
//! learned from the catalog instead (see [`learn_acronyms`]), so this table only holds what the
//! data cannot teach.

use ahash::AHashMap;

/// How an abbreviation expands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    /// Always the same words.
    Words(&'static str),
    /// The role noun when the token ends the title ("Software Eng" -> engineer), the modifier
    /// otherwise ("Eng Manager" -> engineering manager).
    HeadOrModifier { head: &'static str, modifier: &'static str },
}

/// (abbreviation, expansion). Keys are lower-case tokens as the tokenizer produces them (dots and
/// apostrophes already removed).
pub const ABBREVIATIONS: &[(&str, Expansion)] = {
    use Expansion::{HeadOrModifier as H, Words as W};
    &[
        // Role nouns.
        ("mgr", W("manager")),
        ("mngr", W("manager")),
        ("mgmt", W("management")),
        ("mgt", W("management")),
        ("dir", W("director")),
        ("vp", W("vice president")),
        ("svp", W("vice president")),
        ("evp", W("executive vice president")),
        ("avp", W("vice president")),
        ("gm", W("general manager")),
        ("eng", H { head: "engineer", modifier: "engineering" }),
        ("engr", W("engineer")),
        ("engg", W("engineering")),
        ("asst", W("assistant")),
        ("assoc", W("associate")),
        ("admin", H { head: "administrator", modifier: "administrative" }),
        ("coord", W("coordinator")),
        ("coordr", W("coordinator")),
        ("spec", W("specialist")),
        ("specl", W("specialist")),
        ("rep", W("representative")),
        ("reps", W("representative")),
        ("tech", H { head: "technician", modifier: "technical" }),
        ("techn", W("technician")),
        ("sup", W("supervisor")),
        ("supv", W("supervisor")),
        ("supvr", W("supervisor")),
        ("supt", W("superintendent")),
        ("exec", H { head: "executive", modifier: "executive" }),
        ("acct", H { head: "accountant", modifier: "account" }),
        ("acctg", W("accounting")),
        ("dev", H { head: "developer", modifier: "development" }),
        ("devs", W("developer")),
        ("elec", H { head: "electrician", modifier: "electrical" }),
        ("mech", H { head: "mechanic", modifier: "mechanical" }),
        // Not an abbreviation but the same position rule: HR writes "Team Lead", "Warehouse
        // Lead" where O*NET writes "Team Leader" (54 titles end in Leader, 1 in Lead). Before
        // another word "lead" is a rank (taken off earlier) or the metal ("Lead Abatement").
        ("lead", H { head: "leader", modifier: "lead" }),
        ("opr", W("operator")),
        ("oper", W("operator")),
        ("anlst", W("analyst")),
        ("cnslt", W("consultant")),
        ("recep", W("receptionist")),
        ("instr", W("instructor")),
        ("prof", W("professor")),
        ("atty", W("attorney")),
        ("para", W("paralegal")),
        ("pharm", W("pharmacy")),
        // Software and IT.
        ("sde", W("software development engineer")),
        ("sdet", W("software development engineer test")),
        ("swe", W("software engineer")),
        ("sre", W("site reliability engineer")),
        ("tpm", W("technical program manager")),
        ("pm", W("project manager")),
        ("pgm", W("program")),
        ("em", W("engineering manager")),
        ("tl", W("team lead")),
        ("it", W("information technology")),
        ("qa", W("quality assurance")),
        ("qc", W("quality control")),
        ("ui", W("user interface")),
        ("ux", W("user experience")),
        ("ml", W("machine learning")),
        ("ai", W("artificial intelligence")),
        ("bi", W("business intelligence")),
        ("dba", W("database administrator")),
        ("sysadmin", W("systems administrator")),
        ("devops", W("devops engineer")),
        ("fullstack", W("full stack")),
        ("frontend", W("front end")),
        ("backend", W("back end")),
        ("infosec", W("information security")),
        ("secops", W("security operations")),
        // People, finance, sales, service.
        ("hr", W("human resources")),
        ("hrbp", W("human resources business partner")),
        ("hris", W("human resources information systems")),
        ("ta", W("talent acquisition")),
        ("ap", W("accounts payable")),
        ("ar", W("accounts receivable")),
        ("csr", W("customer service representative")),
        ("cs", W("customer service")),
        ("cx", W("customer experience")),
        ("csm", W("customer success manager")),
        ("ae", W("account executive")),
        ("bdr", W("business development representative")),
        ("sdr", W("sales development representative")),
        ("bd", W("business development")),
        ("fp", W("financial planning")),
        ("fpa", W("financial planning analysis")),
        ("cpa", W("certified public accountant")),
        ("fin", W("financial")),
        ("mktg", W("marketing")),
        ("mkt", W("marketing")),
        ("ops", W("operations")),
        ("op", W("operations")),
        ("svc", W("service")),
        ("svcs", W("services")),
        ("cust", W("customer")),
        ("mfg", W("manufacturing")),
        ("whse", W("warehouse")),
        ("maint", W("maintenance")),
        ("ctr", W("center")),
        ("dept", W("department")),
        ("dist", W("district")),
        ("reg", W("regional")),
        ("natl", W("national")),
        ("intl", W("international")),
        ("govt", W("government")),
        ("ofc", W("office")),
        ("info", W("information")),
        ("sys", W("systems")),
        ("ehs", W("environmental health safety")),
        ("hse", W("health safety environmental")),
        ("cdl", W("truck driver")),
        // Health care.
        ("rn", W("registered nurse")),
        ("lpn", W("licensed practical nurse")),
        ("lvn", W("licensed vocational nurse")),
        ("cna", W("certified nursing assistant")),
        ("np", W("nurse practitioner")),
        ("crna", W("certified registered nurse anesthetist")),
        ("emt", W("emergency medical technician")),
        ("icu", W("intensive care unit")),
        ("er", W("emergency room")),
        ("ot", W("occupational therapist")),
        ("pt", W("physical therapist")),
        ("slp", W("speech language pathologist")),
        ("cma", W("certified medical assistant")),
        ("ma", W("medical assistant")),
        // Executives.
        ("ceo", W("chief executive officer")),
        ("cfo", W("chief financial officer")),
        ("coo", W("chief operating officer")),
        ("cto", W("chief technology officer")),
        ("cio", W("chief information officer")),
        ("cmo", W("chief marketing officer")),
        ("chro", W("chief human resources officer")),
        ("cpo", W("chief people officer")),
        ("ciso", W("chief information security officer")),
    ]
};

/// Seniority words. They are split off the title and kept as [`crate::Seniority`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    Intern,
    Junior,
    Senior,
    Staff,
    Principal,
    Distinguished,
    Lead,
    Head,
}

/// Where a rank word may be removed: some are also role nouns ("School Principal", "Team Lead").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerPlace {
    /// Removed wherever it stands, as long as another word remains.
    Anywhere,
    /// Removed only before another word ("Staff Accountant", not "Principal").
    Prefix,
}

pub const RANK_WORDS: &[(&str, Rank, MarkerPlace)] = &[
    ("intern", Rank::Intern, MarkerPlace::Anywhere),
    ("trainee", Rank::Intern, MarkerPlace::Prefix),
    ("junior", Rank::Junior, MarkerPlace::Anywhere),
    ("jr", Rank::Junior, MarkerPlace::Anywhere),
    ("jnr", Rank::Junior, MarkerPlace::Anywhere),
    ("senior", Rank::Senior, MarkerPlace::Anywhere),
    ("sr", Rank::Senior, MarkerPlace::Anywhere),
    ("snr", Rank::Senior, MarkerPlace::Anywhere),
    ("staff", Rank::Staff, MarkerPlace::Prefix),
    ("principal", Rank::Principal, MarkerPlace::Prefix),
    ("distinguished", Rank::Distinguished, MarkerPlace::Anywhere),
    ("lead", Rank::Lead, MarkerPlace::Prefix),
];

/// Licences and degrees written after a job title: the holder's, not the job's.
pub const CREDENTIALS: &[&str] = &["cpa", "cfa", "pmp", "phd", "mba", "bsn", "msn", "lcsw", "lpc", "lmft", "cissp", "sphr", "phr", "ccrn"];

/// Words after which a number is a level ("Level 2", "Grade 7", "Band 5").
pub const LEVEL_WORDS: &[&str] = &["level", "lvl", "grade", "band", "tier", "step", "class"];

/// Function words that HR uses and O*NET does not, mapped to O*NET's words for the same function.
/// Kept small: each one was checked against the catalog (e.g. O*NET has no "people" title of
/// human resources, only "People Greeter" and "People Officer").
pub const FUNCTION_WORDS: &[(&str, &str)] = &[
    ("people", "human resources"),
    ("peopleops", "human resources"),
];

/// Words in a qualifier that say where or how someone works, never what: dropped.
pub const NOISE_WORDS: &[&str] = &[
    "remote", "hybrid", "onsite", "site", "wfh", "virtual", "home", "based", "contract", "contractor", "temporary",
    "temp", "permanent", "seasonal", "part", "full", "time", "parttime", "fulltime", "ft", "night", "nights", "day",
    "days", "evening", "evenings", "weekend", "weekends", "shift", "overnight", "prn", "diem", "per", "usa", "us",
    "emea", "apac", "latam", "amer", "na", "eu", "uk", "global", "north", "south", "east", "west", "america", "americas",
    "new", "york", "city", "san", "francisco", "los", "angeles", "seattle", "chicago", "boston", "austin", "denver",
    "atlanta", "dallas", "houston", "phoenix", "miami", "portland", "nyc", "sf", "la", "dc", "washington", "california",
    "texas", "florida", "london", "toronto", "vancouver", "dublin", "berlin", "bangalore", "hyderabad", "singapore",
    "tokyo", "sydney", "ny", "ca", "tx", "wa", "fl", "il", "ma", "co", "ga", "nc", "va", "pa", "nj", "oh", "mi", "az",
    "or", "mn", "mo", "wi", "tn", "in", "md", "ut", "nv", "ky", "ok", "sc", "al", "la", "ia", "ks", "ar", "ne", "nm",
    // Recruiting phrases of job ads ("NOW HIRING:", "Urgently Hiring -", "Apply Today").
    "now", "hiring", "urgently", "immediately", "apply", "today", "openings",
];

/// Words that never count for matching.
pub const STOP_WORDS: &[&str] = &["of", "the", "and", "a", "an", "for", "to", "in", "at", "on", "with", "or", "by", "from", "de"];

pub(crate) struct Tables {
    pub abbreviations: AHashMap<&'static str, Expansion>,
    pub ranks: AHashMap<&'static str, (Rank, MarkerPlace)>,
    pub functions: AHashMap<&'static str, &'static str>,
    pub noise: ahash::AHashSet<&'static str>,
    pub stop: ahash::AHashSet<&'static str>,
}

impl Tables {
    pub fn new() -> Self {
        Tables {
            abbreviations: ABBREVIATIONS.iter().copied().collect(),
            ranks: RANK_WORDS.iter().map(|&(w, r, p)| (w, (r, p))).collect(),
            functions: FUNCTION_WORDS.iter().copied().collect(),
            noise: NOISE_WORDS.iter().copied().collect(),
            stop: STOP_WORDS.iter().copied().collect(),
        }
    }
}

/// Acronyms that O*NET spells out in its own titles: "Certified Nursing Assistant (CNA)" and
/// "CEO (Chief Executive Officer)" teach cna and ceo. An acronym is learned when its letters are the
/// initials of the other part's words (stop words may be skipped), it is 2 to 6 letters long, it
/// is not in the built-in table, and the catalog never uses it as an ordinary capitalised word.
/// Returns lower-case acronym -> expansion (raw words, lower case).
pub fn learn_acronyms<'a>(titles: impl Iterator<Item = &'a str> + Clone) -> AHashMap<String, String> {
    let builtin: ahash::AHashSet<&str> = ABBREVIATIONS.iter().map(|(a, _)| *a).collect();
    // Words the catalog writes in ordinary case ("Art", "Pal"): such a word is not an acronym.
    let mut ordinary = ahash::AHashSet::new();
    for t in titles.clone() {
        for w in t.split(|c: char| !c.is_ascii_alphanumeric()) {
            if w.len() > 1 && w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && w.chars().skip(1).any(|c| c.is_ascii_lowercase()) {
                ordinary.insert(w.to_ascii_lowercase());
            }
        }
    }
    let mut votes: AHashMap<String, AHashMap<String, u32>> = AHashMap::new();
    for t in titles {
        let (Some(open), Some(close)) = (t.find('('), t.rfind(')')) else { continue };
        if close < open {
            continue;
        }
        let inner = t[open + 1..close].trim();
        let outer = format!("{} {}", &t[..open], &t[close + 1..]);
        let outer = outer.trim();
        for (short, long) in [(inner, outer), (outer, inner)] {
            if short.len() < 2 || short.len() > 6 || !short.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let words: Vec<&str> = long.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
            if initials_match(short, &words) {
                let key = short.to_ascii_lowercase();
                if builtin.contains(key.as_str()) || ordinary.contains(&key) {
                    continue;
                }
                *votes.entry(key).or_default().entry(words.join(" ").to_ascii_lowercase()).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .filter_map(|(k, v)| {
            // The most frequent spelling wins; ties by text so that the result is deterministic.
            let best = v.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
            Some((k, best.0))
        })
        .collect()
}

/// Whether the acronym's letters are the initials of the words, in order, where stop words may
/// be skipped or counted.
fn initials_match(acronym: &str, words: &[&str]) -> bool {
    fn go(a: &[u8], w: &[&str]) -> bool {
        if a.is_empty() {
            return w.iter().all(|x| STOP_WORDS.contains(&x.to_ascii_lowercase().as_str()));
        }
        let Some((first, rest)) = w.split_first() else { return false };
        let stop = STOP_WORDS.contains(&first.to_ascii_lowercase().as_str());
        let head = first.as_bytes()[0].to_ascii_uppercase();
        (head == a[0] && go(&a[1..], rest)) || (stop && go(a, rest))
    }
    words.len() >= 2 && go(acronym.as_bytes(), words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_learned_from_spelled_out_titles() {
        let titles = ["Certified Nursing Assistant (CNA)", "CEO (Chief Executive Officer)", "Licensed Massage Therapist (LMT)", "Art Director (ART)", "Art Teacher", "Something (Else)"];
        let learned = learn_acronyms(titles.iter().copied());
        assert_eq!(learned.get("lmt").map(String::as_str), Some("licensed massage therapist"));
        // Built-in abbreviations stay built in; ordinary words are never acronyms.
        assert!(!learned.contains_key("cna") && !learned.contains_key("ceo"));
        assert!(!learned.contains_key("art"));
        assert!(!learned.contains_key("else"));
    }

    #[test]
    fn initials_may_skip_stop_words() {
        assert!(initials_match("DON", &["Director", "of", "Nursing"]));
        assert!(initials_match("DN", &["Director", "of", "Nursing"]));
        assert!(!initials_match("DX", &["Director", "of", "Nursing"]));
    }

    #[test]
    fn tables_have_no_duplicate_keys() {
        let t = Tables::new();
        assert_eq!(t.abbreviations.len(), ABBREVIATIONS.len());
        assert_eq!(t.ranks.len(), RANK_WORDS.len());
    }
}
