//! Normalisation of free-text job titles: Unicode and case, punctuation, abbreviations, level
//! markers split off as seniority, organisational suffixes removed, "X of Y" reordered, and a
//! light plural stemmer. The same rules normalise the indexed O*NET titles, so that both sides of
//! a match meet in one vocabulary.

use crate::abbreviations::{Expansion, MarkerPlace, Rank, Tables, CREDENTIALS, LEVEL_WORDS};
use ahash::{AHashMap, AHashSet};
use serde::{Deserialize, Serialize};

/// Titles longer than this (in characters) are refused: no job title is that long, and the input
/// is more likely a pasted paragraph or a broken CSV field.
pub const MAX_TITLE_CHARS: usize = 300;

/// Level and role markers taken off a title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seniority {
    /// A numeric level: I..VI, "L5", "Level 2", "Engineer 3".
    pub level: Option<u8>,
    /// The strongest rank word: Senior, Staff, Principal, Lead, Head of ...
    pub rank: Option<Rank>,
    /// The title names a manager, director, head, vice president, chief or supervisor.
    pub manager: bool,
    /// The title names a lead, foreman or supervisor of a team.
    pub lead: bool,
}

impl Seniority {
    pub fn is_empty(&self) -> bool {
        *self == Seniority::default()
    }

    /// A short human-readable form ("senior, level 2, manager").
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(r) = self.rank {
            parts.push(format!("{r:?}").to_lowercase());
        }
        if let Some(l) = self.level {
            parts.push(format!("level {l}"));
        }
        if self.manager {
            parts.push("manager".into());
        }
        if self.lead {
            parts.push("lead".into());
        }
        parts.join(", ")
    }
}

/// A normalised title.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    /// Words that say what the job is, stemmed, in title order (the head noun last).
    pub core: Vec<String>,
    /// Words of qualifiers ("Payments" in "Engineer, Payments"): they count a little.
    pub context: Vec<String>,
    pub seniority: Seniority,
}

impl Normalized {
    /// The exact-match key.
    pub fn key(&self) -> String {
        self.core.join(" ")
    }
}

/// Why a title cannot be coded at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Refusal {
    Blank,
    TooLong { chars: usize },
    Binary,
    NonLatin,
    NoLetters,
    NoWords,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Blank => write!(f, "blank title"),
            Refusal::TooLong { chars } => write!(f, "title of {chars} characters is longer than {MAX_TITLE_CHARS}"),
            Refusal::Binary => write!(f, "title holds control characters or invalid bytes"),
            Refusal::NonLatin => write!(f, "title is mostly in a non-Latin script, which the O*NET index cannot match"),
            Refusal::NoLetters => write!(f, "title has no letters"),
            Refusal::NoWords => write!(f, "title has only level, location or schedule words"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegKind {
    Plain,
    Paren,
}

/// The normaliser: built-in tables, acronyms learned from the catalog, and the set of head nouns
/// (words that end many indexed titles: manager, engineer, clerk...), which decides how
/// "Manager, Area Operations" is read.
#[derive(Serialize, Deserialize)]
pub struct Normalizer {
    /// Built from this crate's word lists (not saved with a compiled index).
    #[serde(skip, default = "Tables::new")]
    tables: Tables,
    learned: AHashMap<String, String>,
    heads: AHashSet<String>,
    /// The words of the indexed titles, and the words of the language (task statements and
    /// occupation descriptions), once the index is built (see [`Normalizer::learn_vocabulary`]).
    title_words: AHashSet<String>,
    plain_words: AHashSet<String>,
}

impl Normalizer {
    pub fn new(learned: AHashMap<String, String>) -> Self {
        Normalizer { tables: Tables::new(), learned, heads: AHashSet::new(), title_words: AHashSet::new(), plain_words: AHashSet::new() }
    }

    /// What the index knows: the words its titles use and the words of the language that no
    /// title uses. With them a query drops the segments that say nothing of the job ("NOW
    /// HIRING: ...", "Urgently Hiring - ...", "Apply Today"): every word is a location,
    /// schedule or recruiting word, or an adverb ("Immediately", "Urgently"), and none is a word
    /// of an O*NET title. A segment of other words is kept, even of words no title uses: in
    /// "Manager, Payments" it names the function.
    pub fn learn_vocabulary(&mut self, title_words: AHashSet<String>, plain_words: AHashSet<String>) {
        self.title_words = title_words;
        self.plain_words = plain_words;
    }

    /// Whether a segment's words may say something of the job (see [`Normalizer::learn_vocabulary`]):
    /// a word O*NET's titles use does; a location, schedule or recruiting word, or an adverb of
    /// a word of the language ("Immediately"), does not; any other word might (a function, a
    /// typo, an abbreviation).
    fn informative(&self, words: &[String]) -> bool {
        let language = |w: &str| self.plain_words.contains(w) || self.title_words.contains(w);
        self.title_words.is_empty()
            || words.iter().any(|w| self.title_words.contains(w) || !(self.tables.noise.contains(w.as_str()) || w.strip_suffix("ly").is_some_and(language)))
    }

    pub fn set_heads(&mut self, heads: AHashSet<String>) {
        self.heads = heads;
    }

    pub fn is_head(&self, stemmed: &str) -> bool {
        self.heads.contains(stemmed)
    }

    pub fn learned_acronyms(&self) -> &AHashMap<String, String> {
        &self.learned
    }

    /// The content words of running text (task statements, descriptions): tokens without numbers
    /// and stop words, stemmed like titles (no abbreviations, ranks or reordering).
    pub fn plain_words(&self, text: &str, out: &mut Vec<String>) {
        let start = out.len();
        let mut caps = Vec::new();
        raw_tokens_into(text, out, &mut caps);
        let mut i = start;
        while i < out.len() {
            let w = &mut out[i];
            if w.len() < 2 || w.bytes().all(|b| b.is_ascii_digit()) || self.tables.stop.contains(w.as_str()) {
                out.remove(i);
            } else {
                stem_in_place(w);
                i += 1;
            }
        }
    }

    /// Normalise an indexed (O*NET) title. Commas there separate list items ("Crop, Grain, or
    /// Livestock Farm Manager"), so they join; "All Other" and "Except ..." segments are dropped
    /// because their words name what the occupation is not.
    pub fn index(&self, raw: &str) -> Normalized {
        let mut sen = Seniority::default();
        let mut words = Vec::new();
        let mut caps = Vec::new();
        let mixed = mixed_case(raw);
        for seg in raw.split([',', ';']) {
            let t = seg.trim().to_ascii_lowercase();
            if t.starts_with("except") || t.starts_with("all other") || t == "general" {
                continue;
            }
            raw_tokens_into(seg, &mut words, &mut caps);
        }
        let acronym_ok = caps.into_iter().map(|c| c || !mixed).collect();
        let mut core = self.process(words, acronym_ok, &mut sen);
        // As in `query`: "Door to Door Sales Representative" must meet its own query form.
        dedupe(&mut core);
        Normalized { core, context: Vec::new(), seniority: sen }
    }

    /// A title read with its department (or business unit): for a title that names only a role
    /// ("Associate", "Manager", "Specialist") the department names the function, as a qualifier
    /// segment would ("Manager" in Finance reads as "Manager, Finance"); otherwise the
    /// department's words count as context words, like a qualifier's.
    pub fn with_department(&self, mut q: Normalized, department: &str) -> Normalized {
        self.read_with_department(&mut q, department);
        q
    }

    /// Whether a reading names only a role ("Associate", "Sr Manager"): its function has to come
    /// from elsewhere (a department, a business unit).
    pub fn names_role_only(&self, q: &Normalized) -> bool {
        !q.core.is_empty() && q.core.iter().all(|w| self.heads.contains(w))
    }

    /// [`Normalizer::with_department`] in place; true when the department gave a role-only
    /// title its function (the reading's core changed), false when it added context words or
    /// nothing.
    pub fn read_with_department(&self, q: &mut Normalized, department: &str) -> bool {
        let Ok(d) = self.query(department) else { return false };
        let words: Vec<String> = d.core.into_iter().chain(d.context).filter(|w| !q.core.contains(w)).collect();
        if words.is_empty() {
            return false;
        }
        let role_only = self.names_role_only(q);
        if role_only {
            let mut core = words;
            core.append(&mut q.core);
            q.core = core;
            dedupe(&mut q.core);
        } else {
            q.context.extend(words);
        }
        q.context.retain(|w| !q.core.contains(w));
        dedupe(&mut q.context);
        role_only
    }

    /// Normalise a title as written by people and HR systems.
    pub fn query(&self, raw: &str) -> Result<Normalized, Refusal> {
        screen(raw)?;
        let mut sen = Seniority::default();
        let mut segs: Vec<(SegKind, Vec<String>)> = Vec::new();
        let mixed = mixed_case(raw);
        for (kind, text) in segments(raw) {
            let (mut toks, mut caps) = (Vec::with_capacity(8), Vec::with_capacity(8));
            raw_tokens_into(&text, &mut toks, &mut caps);
            // Location, schedule and employment-type words say nothing of the job.
            // In the first segment only those no indexed title uses ("Apply Today! Forklift
            // Operator"; "Remote Sensing Scientist" and "Night Auditor" keep theirs), once the
            // index is known, and not two-letter state codes ("Manager in Training", "Co-Op").
            let first = kind != SegKind::Paren && segs.is_empty();
            let droppable = |t: &str| self.tables.noise.contains(t) && !(first && (t.len() < 3 || self.title_words.contains(t)));
            // A first segment of noise words only is kept whole ("MA - Back Office": a medical
            // assistant, not Massachusetts).
            let all_noise = first && toks.iter().all(|t| droppable(t));
            if !first || (!self.title_words.is_empty() && !all_noise) {
                let mut i = 0;
                while i < toks.len() {
                    if droppable(&toks[i]) {
                        toks.remove(i);
                        caps.remove(i);
                    } else {
                        i += 1;
                    }
                }
            }
            // " at Company": the rest is the employer. "Assistant to the Dean", "Executive
            // Assistant to CEO": the rest is whom the job serves, not the job.
            if let Some(p) = toks.iter().position(|t| t == "at").or_else(|| addressee_at(&toks)) {
                if p > 0 {
                    toks.truncate(p);
                    caps.truncate(p);
                }
            }
            // In a mixed-case title, only a word written in capitals is read as a learned acronym
            // ("APP" is an advanced practice provider, "App Developer" is not).
            let acronym_ok = caps.into_iter().map(|c| c || !mixed).collect();
            let words = self.process(toks, acronym_ok, &mut sen);
            if !words.is_empty() {
                segs.push((kind, words));
            }
        }
        if segs.len() > 1 && segs.iter().any(|(_, w)| self.informative(w)) {
            segs.retain(|(_, w)| self.informative(w));
        }
        let Some(main_at) = segs.iter().position(|(k, _)| *k == SegKind::Plain).or(if segs.is_empty() { None } else { Some(0) }) else {
            return Err(Refusal::NoWords);
        };
        let mut main = segs.remove(main_at).1;
        // "Principal, Product Mgmt - Tech", "Staff, Data Engineering": a rank word alone before
        // the function is a rank, not a school principal or the staff of something.
        if let [w] = main.as_slice() {
            let rank = match w.as_str() {
                "principal" => Some(Rank::Principal),
                "staff" => Some(Rank::Staff),
                _ => None,
            };
            if let (Some(rank), Some(next)) = (rank, segs.iter().position(|(k, _)| *k == SegKind::Plain)) {
                sen.rank = sen.rank.max(Some(rank));
                main = segs.remove(next).1;
            }
        }
        let rest = segs;
        let later_plain: Vec<&Vec<String>> = rest.iter().filter(|(k, _)| *k == SegKind::Plain).map(|(_, w)| w).collect();
        let role_only = main.iter().all(|w| self.heads.contains(w));
        let mut core;
        let mut context = Vec::new();
        if role_only && !later_plain.is_empty() {
            // "Manager, Area Operations", "Engineer, Software": the qualifier names the function.
            core = later_plain[0].clone();
            core.extend(main);
            for (k, w) in &rest {
                if !(*k == SegKind::Plain && std::ptr::eq(w, later_plain[0])) {
                    context.extend(w.iter().cloned());
                }
            }
        } else if !main.iter().any(|w| self.heads.contains(w)) && later_plain.iter().any(|w| w.last().is_some_and(|l| self.heads.contains(l))) {
            // "Crop, Grain, or Livestock Farm Manager": a list that ends in the role noun.
            core = main;
            for w in &later_plain {
                core.extend(w.iter().cloned());
            }
            for (k, w) in &rest {
                if *k == SegKind::Paren {
                    context.extend(w.iter().cloned());
                }
            }
        } else {
            // "Program Manager III, Alexa": the qualifier is the team, product or place.
            core = main;
            for (_, w) in &rest {
                context.extend(w.iter().cloned());
            }
        }
        dedupe(&mut core);
        context.retain(|w| !core.contains(w));
        dedupe(&mut context);
        Ok(Normalized { core, context, seniority: sen })
    }

    /// Expansion, seniority, "X of Y", stop words and stemming of one segment's raw tokens.
    fn process(&self, mut toks: Vec<String>, mut acronym_ok: Vec<bool>, sen: &mut Seniority) -> Vec<String> {
        // 1. Levels: numbers, roman numerals, "L5", "Level 2". The kept words are compacted to
        // the front of `toks` (in place: the lookahead only reads words not yet moved).
        acronym_ok.resize(toks.len(), true);
        let mut keep = 0;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if LEVEL_WORDS.contains(&t.as_str()) && toks.get(i + 1).is_some_and(|n| parse_level(n, true).is_some()) {
                sen.level = parse_level(&toks[i + 1], true);
                i += 2;
                continue;
            }
            if let Some(l) = parse_level(t, keep > 0) {
                sen.level = Some(l);
                i += 1;
                continue;
            }
            if t.bytes().all(|b| b.is_ascii_digit()) {
                // Requisition numbers, years, store numbers: not part of the job.
                i += 1;
                continue;
            }
            toks.swap(keep, i);
            acronym_ok.swap(keep, i);
            keep += 1;
            i += 1;
        }
        toks.truncate(keep);
        acronym_ok.truncate(keep);
        let (mut kept, mut kept_acro) = (toks, acronym_ok);
        // 2. "Head of X" -> X manager.
        if kept.len() > 2 && kept[0] == "head" && kept[1] == "of" {
            sen.rank = Some(sen.rank.map_or(Rank::Head, |r| r.max(Rank::Head)));
            kept.drain(..2);
            kept_acro.drain(..2);
            kept.push("manager".into());
            kept_acro.push(false);
        }
        // "Store Manager in Training", "Driver-in-Training": a trainee of the job.
        if kept.len() > 2 && kept[kept.len() - 2] == "in" && kept[kept.len() - 1] == "training" {
            kept.truncate(kept.len() - 2);
            kept_acro.truncate(kept.len());
            sen.rank = Some(sen.rank.map_or(Rank::Intern, |r| r.max(Rank::Intern)));
        }
        // A licence or degree after the job is the holder's, not the job ("Staff Accountant CPA",
        // "Civil Engineer PE", "Therapist LCSW"): "PE" only after an engineer ("Teacher PE" is a
        // physical education teacher). RN stays: "Case Manager RN" is a nurse's job.
        while kept.len() > 1 {
            let last = kept[kept.len() - 1].as_str();
            let before = kept[kept.len() - 2].as_str();
            if CREDENTIALS.contains(&last) || (last == "pe" && before.starts_with("engineer")) {
                kept.pop();
                kept_acro.pop();
            } else {
                break;
            }
        }
        // 3. Rank words, removed where they only modify another word.
        let is_rank = |w: &str| self.tables.ranks.contains_key(w);
        let n = kept.len();
        let mut out: Vec<String> = Vec::with_capacity(n + 4);
        // Whether a word before `j` is not a rank word (the words before `j` have been moved).
        let mut other_before = false;
        for j in 0..n {
            let w = std::mem::take(&mut kept[j]);
            if let Some(&(rank, place)) = self.tables.ranks.get(w.as_str()) {
                let others_after = kept[j + 1..].iter().any(|x| !is_rank(x) && !self.tables.stop.contains(x.as_str()));
                let others_any = others_after || other_before;
                let remove = match place {
                    MarkerPlace::Anywhere => others_any,
                    MarkerPlace::Prefix => others_after,
                };
                if remove {
                    sen.rank = Some(sen.rank.map_or(rank, |r| r.max(rank)));
                    continue;
                }
                if rank == Rank::Lead {
                    sen.lead = true;
                }
            } else {
                other_before = true;
            }
            // 4. Abbreviations, learned acronyms, function words.
            let last = j + 1 == n;
            if let Some(e) = self.tables.abbreviations.get(w.as_str()) {
                let words = match *e {
                    Expansion::Words(s) => s,
                    Expansion::HeadOrModifier { head, modifier } => {
                        if last {
                            head
                        } else {
                            modifier
                        }
                    }
                };
                out.extend(words.split(' ').map(String::from));
            } else if let Some(x) = self.learned.get(w.as_str()).filter(|_| kept_acro[j]) {
                out.extend(x.split(' ').map(String::from));
            } else if let Some(x) = self.tables.functions.get(w.as_str()) {
                out.extend(x.split(' ').map(String::from));
            } else {
                out.push(w);
            }
        }
        // 5. "X of Y" -> "Y X" (Director of Engineering -> engineering director).
        if let Some(p) = out.iter().position(|w| w == "of") {
            if p > 0 && p + 1 < out.len() {
                out.remove(p);
                out.rotate_left(p);
            }
        }
        // 6. Stop words, stemming, seniority flags (in place).
        let mut res = out;
        let mut keep = 0;
        for i in 0..res.len() {
            let mut w = std::mem::take(&mut res[i]);
            if self.tables.stop.contains(w.as_str()) {
                continue;
            }
            match w.as_str() {
                "manager" | "director" | "president" | "chief" | "supervisor" | "superintendent" | "head" => sen.manager = true,
                "foreman" | "forewoman" | "foreperson" => sen.lead = true,
                _ => {}
            }
            if w == "supervisor" {
                sen.lead = true;
            }
            stem_in_place(&mut w);
            res[keep] = w;
            keep += 1;
        }
        res.truncate(keep);
        res
    }
}

/// Refuse what cannot be a title, before any work.
fn screen(raw: &str) -> Result<(), Refusal> {
    if raw.trim().is_empty() {
        return Err(Refusal::Blank);
    }
    let chars = raw.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(Refusal::TooLong { chars });
    }
    let (mut latin, mut other, mut replaced, mut visible) = (0usize, 0usize, 0usize, 0usize);
    for c in raw.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            return Err(Refusal::Binary);
        }
        visible += !c.is_whitespace() as usize;
        // A stray invalid byte (a Latin-1 "é" read as UTF-8) is dropped; many mean binary data.
        if c == '\u{FFFD}' {
            replaced += 1;
            continue;
        }
        if c.is_alphabetic() {
            if is_latin(c) {
                latin += 1;
            } else {
                other += 1;
            }
        }
    }
    if replaced * 5 >= visible.max(1) {
        return Err(Refusal::Binary);
    }
    if latin == 0 && other == 0 {
        return Err(Refusal::NoLetters);
    }
    if other > latin {
        return Err(Refusal::NonLatin);
    }
    Ok(())
}

/// Latin letters, with the accented and extended ones that deunicode folds to ASCII.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF5A)
}

/// Split a query title into its main part, qualifiers and parenthesised parts.
fn segments(raw: &str) -> Vec<(SegKind, String)> {
    let mut out = Vec::with_capacity(4);
    // A reused buffer, copied out at the segment's final length (as in `raw_tokens_into`).
    let mut cur = String::with_capacity(raw.len());
    let mut kind = SegKind::Plain;
    let flush = |cur: &mut String, kind: SegKind, out: &mut Vec<(SegKind, String)>| {
        if !cur.trim().is_empty() {
            out.push((kind, cur.as_str().to_owned()));
        }
        cur.clear();
    };
    let mut prev: Option<char> = None;
    for (i, c) in raw.char_indices() {
        let before = prev.replace(c);
        match c {
            ',' | ';' | '|' | ':' | '@' | '\u{2013}' | '\u{2014}' | '\u{2022}' | '\t' | '\n' | '\r' => {
                flush(&mut cur, kind, &mut out);
            }
            '-' => {
                let spaced = before.is_none_or(|p| p.is_whitespace()) || raw[i + 1..].chars().next().is_none_or(|n| n.is_whitespace());
                if spaced {
                    flush(&mut cur, kind, &mut out);
                } else {
                    cur.push(' ');
                }
            }
            '(' | '[' | '{' | '<' => {
                flush(&mut cur, kind, &mut out);
                kind = SegKind::Paren;
            }
            ')' | ']' | '}' | '>' => {
                flush(&mut cur, kind, &mut out);
                kind = SegKind::Plain;
            }
            _ => cur.push(c),
        }
    }
    flush(&mut cur, kind, &mut out);
    out
}

/// Where a "to" introduces whom the job serves: "to the ..." or "to" before an executive or a
/// governing body ("Assistant to the President", "Chief of Staff to CEO"). Other "to"s join a
/// compound ("Door to Door Sales", "Business to Business", "Return to Factory Clerk": the O*NET
/// titles with "to", none followed by "the" or by one of these words).
fn addressee_at<S: AsRef<str>>(toks: &[S]) -> Option<usize> {
    const ADDRESSEES: [&str; 22] = [
        "the", "ceo", "cfo", "coo", "cto", "cio", "cmo", "chro", "president", "vp", "svp", "evp", "chairman", "chair", "board",
        "founder", "dean", "director", "superintendent", "mayor", "governor", "commissioner",
    ];
    toks.windows(2).position(|w| w[0].as_ref() == "to" && ADDRESSEES.contains(&w[1].as_ref()))
}

/// Whether a text has both upper- and lower-case letters (then its case says something: a word
/// in capitals is an acronym).
pub fn mixed_case(text: &str) -> bool {
    text.chars().any(|c| c.is_uppercase()) && text.chars().any(|c| c.is_lowercase())
}

/// Lower-case ASCII word tokens: Unicode letters folded by deunicode, dots and apostrophes joined
/// ("Sr." -> sr, "Writer's" -> writers), symbols and emoji dropped, other punctuation splits.
pub fn raw_tokens(text: &str) -> Vec<String> {
    let (mut out, mut caps) = (Vec::new(), Vec::new());
    raw_tokens_into(text, &mut out, &mut caps);
    out
}

/// [`raw_tokens`] appended to `out`, with, per token, whether it has letters and all of them
/// were capitals ("APP", "HR", not "App" nor "42").
pub fn raw_tokens_into(text: &str, out: &mut Vec<String>, caps: &mut Vec<bool>) {
    // The token is built in a reused buffer and copied out at its final length: one allocation
    // per token, where growing each token's own `String` from empty reallocated once or twice.
    let mut cur = String::with_capacity(32);
    let (mut upper, mut lower) = (false, false);
    let mut push = |cur: &mut String, upper: &mut bool, lower: &mut bool, out: &mut Vec<String>| {
        out.push(cur.as_str().to_owned());
        cur.clear();
        caps.push(*upper && !*lower);
        (*upper, *lower) = (false, false);
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        } else if c == '.' && cur.len() >= 2 && chars.get(i + 1).is_some_and(|n| n.is_ascii_uppercase()) && chars.get(i + 2).is_some_and(|n| n.is_ascii_lowercase()) {
            // "Sr.Mgr", "Sr.Manager": a dot before a capitalised word ends the word (an
            // abbreviation's dot, the space left out); "Ph.D." and "R.N." still join.
            push(&mut cur, &mut upper, &mut lower, out);
        } else if matches!(c, '.' | '\'' | '\u{2019}' | '`') {
            // Joins: "Sr." -> sr, "O'Neil" -> oneil.
        } else if c.is_alphanumeric() {
            if let Some(s) = deunicode::deunicode_char(c) {
                for d in s.chars() {
                    if d.is_ascii_alphanumeric() {
                        cur.push(d.to_ascii_lowercase());
                    } else if !cur.is_empty() {
                        push(&mut cur, &mut upper, &mut lower, out);
                    }
                }
            }
        } else if !cur.is_empty() {
            push(&mut cur, &mut upper, &mut lower, out);
        } else {
            (upper, lower) = (false, false);
        }
    }
    if !cur.is_empty() {
        push(&mut cur, &mut upper, &mut lower, out);
    }
}

/// A level marker: roman numerals (not as a first word: "I" could be anything there), "L5",
/// "IC4", and small numbers after a word ("Engineer 2").
fn parse_level(t: &str, after_word: bool) -> Option<u8> {
    let roman = match t {
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        "vi" => Some(6),
        "i" if after_word => Some(1),
        "v" if after_word => Some(5),
        _ => None,
    };
    if roman.is_some() {
        return roman;
    }
    let b = t.as_bytes();
    let digits_from = if b.len() >= 2 && matches!(b[0], b'l' | b'p' | b'e' | b't') {
        1
    } else if b.len() >= 3 && b.starts_with(b"ic") {
        2
    } else {
        0
    };
    let d = &t[digits_from..];
    if d.is_empty() || d.len() > 2 || !d.bytes().all(|x| x.is_ascii_digit()) {
        return None;
    }
    if digits_from == 0 && !after_word {
        return None;
    }
    d.parse().ok()
}

/// A light plural stemmer, applied to both sides of a match: it only has to be consistent.
pub fn stem(w: &str) -> String {
    stem_cow(w).into_owned()
}

/// [`stem`] in place (no allocation).
pub fn stem_in_place(w: &mut String) {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        w.truncate(n - 3);
        w.push('y');
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(n - 1);
    }
}

/// [`stem`] without allocating when the word has nothing to strip (the compound splitter tries
/// every split point of an unknown word).
pub fn stem_cow(w: &str) -> std::borrow::Cow<'_, str> {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]).into();
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..n - 1].into();
    }
    w.into()
}

/// Keep the first of repeated words (titles have a handful of words: no hash set).
fn dedupe(v: &mut Vec<String>) {
    let mut i = 0;
    while i < v.len() {
        if v[..i].contains(&v[i]) {
            v.remove(i);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm() -> Normalizer {
        let mut n = Normalizer::new(AHashMap::new());
        n.set_heads(["manager", "engineer", "director", "specialist", "analyst", "nurse", "supervisor", "partner", "developer"].iter().map(|s| s.to_string()).collect());
        n
    }

    fn core(raw: &str) -> String {
        norm().query(raw).unwrap().key()
    }

    #[test]
    fn case_punctuation_and_unicode_fold() {
        assert_eq!(core("  SOFTWARE   Engineer!! "), "software engineer");
        assert_eq!(core("Développeur Logiciel"), "developpeur logiciel");
        assert_eq!(core("Writer's Assistant"), "writer assistant");
        assert_eq!(core("Co-Ordinator"), "co ordinator");
    }

    #[test]
    fn trainees_and_credentials_leave_the_job() {
        let n = norm();
        let q = n.query("Store Manager in Training").unwrap();
        assert_eq!(q.core.join(" "), "store manager");
        assert_eq!(q.seniority.rank, Some(Rank::Intern));
        assert_eq!(core("Staff Accountant CPA"), "accountant");
        assert_eq!(core("Civil Engineer PE"), "civil engineer");
        // "PE" after a teacher is the subject; RN after a role is the licence the job needs.
        assert!(core("Teacher PE").ends_with("pe") || core("Teacher PE").contains("physical"), "{}", core("Teacher PE"));
        assert!(core("Case Manager RN").contains("nurse") || core("Case Manager RN").ends_with("rn"), "{}", core("Case Manager RN"));
    }

    #[test]
    fn role_abbreviations_expand() {
        assert_eq!(core("Mgr"), "manager");
        assert_eq!(core("Mngr Sales"), "manager sale");
        assert_eq!(core("Dir. Finance"), "director finance");
        assert_eq!(core("VP Sales"), "vice president sale");
        assert_eq!(core("SVP Marketing"), "vice president marketing");
        assert_eq!(core("Asst Store Mgr"), "assistant store manager");
        assert_eq!(core("Assoc Attorney"), "associate attorney");
        assert_eq!(core("Admin Asst"), "administrative assistant");
        assert_eq!(core("System Admin"), "system administrator");
        assert_eq!(core("Program Coord"), "program coordinator");
        assert_eq!(core("Benefits Spec"), "benefit specialist");
        assert_eq!(core("Sales Rep"), "sale representative");
        assert_eq!(core("Pharmacy Tech"), "pharmacy technician");
    }

    #[test]
    fn engineering_abbreviations_expand_by_position() {
        assert_eq!(core("Software Eng"), "software engineer");
        assert_eq!(core("Eng Manager"), "engineering manager");
        assert_eq!(core("Engr"), "engineer");
        assert_eq!(core("SDE"), "software development engineer");
        assert_eq!(core("SWE"), "software engineer");
        assert_eq!(core("SRE"), "site reliability engineer");
        assert_eq!(core("TPM"), "technical program manager");
        assert_eq!(core("PM"), "project manager");
    }

    #[test]
    fn business_and_care_abbreviations_expand() {
        assert_eq!(core("HRBP"), "human resource business partner");
        assert_eq!(core("AP/AR Clerk"), "account payable receivable clerk");
        assert_eq!(core("CSR"), "customer service representative");
        assert_eq!(core("RN"), "registered nurse");
        assert_eq!(core("LPN"), "licensed practical nurse");
    }

    #[test]
    fn level_markers_become_seniority() {
        let n = norm();
        let x = n.query("Sr. SDE II").unwrap();
        assert_eq!(x.key(), "software development engineer");
        assert_eq!(x.seniority.rank, Some(Rank::Senior));
        assert_eq!(x.seniority.level, Some(2));
        let x = n.query("Software Engineer L5").unwrap();
        assert_eq!((x.key().as_str(), x.seniority.level), ("software engineer", Some(5)));
        let x = n.query("Analyst, Level 3").unwrap();
        assert_eq!((x.key().as_str(), x.seniority.level), ("analyst", Some(3)));
        let x = n.query("Principal Engineer").unwrap();
        assert_eq!((x.key().as_str(), x.seniority.rank), ("engineer", Some(Rank::Principal)));
        let x = n.query("Staff Accountant IV").unwrap();
        assert_eq!((x.key().as_str(), x.seniority.rank, x.seniority.level), ("accountant", Some(Rank::Staff), Some(4)));
        let x = n.query("Lead Cook").unwrap();
        assert_eq!((x.key().as_str(), x.seniority.rank), ("cook", Some(Rank::Lead)));
        let x = n.query("Junior Developer").unwrap();
        assert_eq!(x.seniority.rank, Some(Rank::Junior));
        let x = n.query("Head of Marketing").unwrap();
        assert_eq!((x.key().as_str(), x.seniority.rank, x.seniority.manager), ("marketing manager", Some(Rank::Head), true));
    }

    #[test]
    fn rank_words_that_are_the_job_stay() {
        // A school principal is not a principal-level nothing.
        assert_eq!(core("Principal"), "principal");
        // Alone before the function, it is a rank.
        let x = norm().query("Principal, Product Mgmt - Tech").unwrap();
        assert_eq!((x.core.contains(&"principal".to_string()), x.core.contains(&"product".to_string()), x.seniority.rank), (false, true, Some(Rank::Principal)));
        // ... and a final "lead" is written as O*NET writes it.
        assert_eq!(core("Team Lead"), "team leader");
        assert_eq!(core("Warehouse Lead"), "warehouse leader");
        assert!(norm().query("Team Lead").unwrap().seniority.lead);
        assert_eq!(core("Senior"), "senior");
    }

    #[test]
    fn organisational_suffixes_are_removed_from_the_core() {
        let n = norm();
        let x = n.query("Program Manager III, Alexa").unwrap();
        assert_eq!(x.key(), "program manager");
        assert_eq!(x.context, vec!["alexa"]);
        assert_eq!(n.query("HRBP - Devices").unwrap().key(), "human resource business partner");
        assert_eq!(n.query("Software Engineer (Remote)").unwrap().context, Vec::<String>::new());
        assert_eq!(n.query("Software Engineer - Seattle, WA").unwrap().context, Vec::<String>::new());
        assert_eq!(core("Data Analyst @ Acme"), "data analyst");
        assert_eq!(core("Nurse at Mercy Hospital"), "nurse");
    }

    #[test]
    fn whom_the_job_serves_is_not_the_job() {
        let n = norm();
        let x = n.query("Executive Assistant to the CEO").unwrap();
        assert_eq!(x.key(), "executive assistant");
        assert!(!x.seniority.manager, "the CEO is not the holder");
        assert_eq!(core("Special Assistant to President"), "special assistant");
        assert_eq!(core("Chief of Staff to the Dean"), core("Chief of Staff"));
        // "to" in a compound stays.
        assert_eq!(core("Door to Door Sales Rep"), core("Door to Door Sales Representative"));
        assert!(core("Business to Business Sales Representative").starts_with("business"));
        assert!(core("Return to Factory Clerk").contains("factory"));
    }

    #[test]
    fn role_first_titles_are_reordered() {
        assert_eq!(core("Mgr, Area Operations"), "area operation manager");
        assert_eq!(core("Manager, People Experience"), "human resource experience manager");
        assert_eq!(core("Engineer, Software"), "software engineer");
    }

    #[test]
    fn x_of_y_is_reordered() {
        assert_eq!(core("Director of Engineering"), "engineering director");
        assert_eq!(core("Vice President of Sales"), "sale vice president");
        assert_eq!(norm().index("First-Line Supervisors of Retail Sales Workers").key(), "retail sale worker first line supervisor");
    }

    #[test]
    fn index_titles_join_lists_and_drop_exclusions() {
        let n = norm();
        assert_eq!(n.index("Crop, Grain, or Livestock Farm Manager").key(), "crop grain livestock farm manager");
        assert_eq!(n.index("Engineering Technicians, Except Drafters, All Other").key(), "engineering technician");
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let n = norm();
        assert_eq!(n.query(""), Err(Refusal::Blank));
        assert_eq!(n.query("   \t "), Err(Refusal::Blank));
        assert!(matches!(n.query(&"a".repeat(10_240)), Err(Refusal::TooLong { chars: 10_240 })));
        assert_eq!(n.query("软件工程师"), Err(Refusal::NonLatin));
        assert_eq!(n.query("Инженер-программист"), Err(Refusal::NonLatin));
        assert_eq!(n.query("🚀🔥"), Err(Refusal::NoLetters));
        assert_eq!(n.query("!!!---???"), Err(Refusal::NoLetters));
        assert_eq!(n.query("ab\u{0}\u{1}cd"), Err(Refusal::Binary));
        assert_eq!(n.query("\u{FFFD}\u{FFFD}x\u{FFFD}"), Err(Refusal::Binary));
        // One stray invalid byte in a real title is dropped.
        assert_eq!(n.query("Caf\u{FFFD} Manager").unwrap().key(), "caf manager");
        assert_eq!(n.query("(Remote)"), Err(Refusal::NoWords));
        // Emoji around a real title are dropped, not refused.
        assert_eq!(n.query("🚀 Growth Marketing Manager 🔥").unwrap().key(), "growth marketing manager");
    }

    #[test]
    fn learned_acronyms_expand_only_when_written_as_acronyms() {
        let mut learned = AHashMap::new();
        learned.insert("app".to_string(), "advanced practice provider".to_string());
        let mut n = Normalizer::new(learned);
        n.set_heads(["developer", "provider"].iter().map(|s| s.to_string()).collect());
        // In a mixed-case title a word in capitals is an acronym, a capitalised word is not.
        assert_eq!(n.query("APP, Cardiology").unwrap().key(), "advanced practice provider");
        assert_eq!(n.query("Mobile App Developer").unwrap().key(), "mobile app developer");
        assert_eq!(n.query("Senior APP").unwrap().key(), "advanced practice provider");
        // All in one case, the title says nothing by case: the acronym is read.
        assert_eq!(n.query("APP").unwrap().key(), "advanced practice provider");
        assert_eq!(n.query("app").unwrap().key(), "advanced practice provider");
        // The same rule for indexed titles.
        assert_eq!(n.index("Mobile App Developer").key(), "mobile app developer");
        assert_eq!(n.index("APP").key(), "advanced practice provider");
    }

    #[test]
    fn raw_tokens_record_which_words_are_in_capitals() {
        let (mut t, mut c) = (Vec::new(), Vec::new());
        raw_tokens_into("HR App-Dev iOS L5 R&D", &mut t, &mut c);
        assert_eq!(t, ["hr", "app", "dev", "ios", "l5", "r", "d"]);
        assert_eq!(c, [true, false, false, false, true, true, true]);
        assert!(mixed_case("Mobile App"));
        assert!(!mixed_case("MOBILE APP 2"));
        assert!(!mixed_case("mobile app"));
    }

    #[test]
    fn plain_words_drop_numbers_and_stop_words_and_stem() {
        let n = norm();
        let mut w = Vec::new();
        n.plain_words("Sort 40 parcels of mail onto the sortation belts.", &mut w);
        assert_eq!(w, ["sort", "parcel", "mail", "onto", "sortation", "belt"]);
    }

    #[test]
    fn plural_stemming_is_light() {
        for w in ["nurses", "secretaries", "business", "analysis", "bus", "ies", "cies", "buses", "s", ""] {
            let mut x = w.to_string();
            stem_in_place(&mut x);
            assert_eq!(x, stem(w), "{w}");
        }
        assert_eq!(stem("nurses"), "nurse");
        assert_eq!(stem("secretaries"), "secretary");
        assert_eq!(stem("business"), "business");
        assert_eq!(stem("analysis"), "analysis");
        assert_eq!(stem("bus"), "bus");
    }
}
