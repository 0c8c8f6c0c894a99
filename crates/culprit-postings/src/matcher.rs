//! The keyword matcher: one Aho-Corasick automaton over every form of the taxonomy (ASCII
//! case-insensitive, so one pass over the text), then checks on each hit: exact case for
//! case-sensitive forms, word boundaries on both sides, the longest of overlapping hits, and the
//! ambiguity rule. Hits are rare in text, so the checks cost little; the pass is the DFA's speed.

use crate::error::{PostingsError, Result};
use crate::taxonomy::{ContextClass, TermClass, Taxonomy};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Serialize;

/// How far (bytes) a sentence window reaches on each side of a mention at most, so that a text
/// without punctuation does not make every mention read the whole description.
pub const SENTENCE_REACH: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    Exact,
    Phrase,
    Ambiguous,
}

#[derive(Debug, Clone)]
struct Form {
    term: u16,
    kind: FormKind,
    bytes: Box<[u8]>,
    /// Whether the form starts / ends with a word character (only then is a boundary required).
    word_start: bool,
    word_end: bool,
}

/// One accepted mention of a taxonomy term in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub term: u16,
    pub start: usize,
    pub end: usize,
    pub context: ContextClass,
}

/// Mentions of one text, by class, with the text's overall context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TextScan {
    pub generic: u32,
    pub specific: u32,
    pub tool: u32,
    pub context: Option<ContextClass>,
    pub mentions: Vec<Mention>,
}

impl TextScan {
    pub fn any(&self) -> bool {
        self.generic + self.specific + self.tool > 0
    }
    /// specific / (generic + specific); tools are left out (using ChatGPT is neither talk nor a
    /// skill to build AI). `None` when the text has neither.
    pub fn specificity(&self) -> Option<f64> {
        let d = self.generic + self.specific;
        (d > 0).then(|| self.specific as f64 / d as f64)
    }
    pub fn context(&self) -> ContextClass {
        self.context.unwrap_or(ContextClass::None)
    }
}

#[derive(Debug, Clone)]
pub struct TermInfo {
    pub keyword: String,
    pub class: TermClass,
}

pub struct Matcher {
    version: String,
    terms: Vec<TermInfo>,
    ac: AhoCorasick,
    forms: Vec<Form>,
    cues: AhoCorasick,
    cue_forms: Vec<(ContextClass, bool, bool)>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").field("version", &self.version).field("forms", &self.forms.len()).finish()
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn first_is_word(s: &str) -> bool {
    s.chars().next().is_some_and(is_word)
}

fn last_is_word(s: &str) -> bool {
    s.chars().next_back().is_some_and(is_word)
}

/// True when `text[start..end]` is not glued to a word character on the sides that need it.
#[inline]
fn on_boundaries(text: &str, start: usize, end: usize, need_start: bool, need_end: bool) -> bool {
    if need_start {
        let before = text.get(..start).and_then(|s| s.chars().next_back());
        if before.is_some_and(is_word) {
            return false;
        }
    }
    if need_end {
        let after = text.get(end..).and_then(|s| s.chars().next());
        if after.is_some_and(is_word) {
            return false;
        }
    }
    true
}

/// The sentence around `[start, end)`: back to the previous terminator (". ", "! ", "? " or a
/// newline), forward to the next one, each side at most [`SENTENCE_REACH`] bytes.
pub fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let is_end = |i: usize| -> bool {
        match b[i] {
            b'\n' | b'\r' => true,
            b'.' | b'!' | b'?' | b';' => i + 1 >= b.len() || b[i + 1].is_ascii_whitespace(),
            _ => false,
        }
    };
    let lo_limit = start.saturating_sub(SENTENCE_REACH);
    let mut s = start;
    while s > lo_limit && !is_end(s - 1) {
        s -= 1;
    }
    let hi_limit = (end + SENTENCE_REACH).min(b.len());
    let mut e = end;
    while e < hi_limit && !is_end(e) {
        e += 1;
    }
    while !text.is_char_boundary(s) {
        s += 1;
    }
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    (s, e.max(s))
}

impl Matcher {
    pub fn new(tax: &Taxonomy) -> Result<Matcher> {
        let mut forms = Vec::new();
        for (i, t) in tax.terms.iter().enumerate() {
            for (list, kind) in [(&t.exact, FormKind::Exact), (&t.phrases, FormKind::Phrase), (&t.ambiguous, FormKind::Ambiguous)] {
                for f in list {
                    forms.push(Form {
                        term: i as u16,
                        kind,
                        bytes: f.as_bytes().into(),
                        word_start: first_is_word(f),
                        word_end: last_is_word(f),
                    });
                }
            }
        }
        let build_err = |e: aho_corasick::BuildError| PostingsError::Taxonomy { origin: tax.version.clone(), message: e.to_string() };
        // Standard semantics with overlapping search: every form ending anywhere is reported, so a
        // rejected hit (wrong case, glued to a word) never hides a valid one at the same place.
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(forms.iter().map(|f| &f.bytes[..]))
            .map_err(build_err)?;
        let mut cue_forms = Vec::new();
        let mut cue_pats = Vec::new();
        for (class, cues) in [
            (ContextClass::HiringProcess, &tax.context.hiring_process),
            (ContextClass::Build, &tax.context.build),
            (ContextClass::UseTools, &tax.context.use_tools),
        ] {
            for c in &cues.cues {
                cue_forms.push((class, first_is_word(c), last_is_word(c)));
                cue_pats.push(c.as_bytes());
            }
        }
        let cues = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&cue_pats)
            .map_err(build_err)?;
        let terms = tax.terms.iter().map(|t| TermInfo { keyword: t.keyword.clone(), class: t.class }).collect();
        Ok(Matcher { version: tax.version.clone(), terms, ac, forms, cues, cue_forms })
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn terms(&self) -> &[TermInfo] {
        &self.terms
    }

    pub fn class_of(&self, term: u16) -> TermClass {
        self.terms[term as usize].class
    }

    /// Accepted mentions in `text`, in order, without context (`BareMention` placeholder).
    pub fn mentions(&self, text: &str, out: &mut Vec<Mention>) {
        out.clear();
        let bytes = text.as_bytes();
        // (start, end, form index)
        let mut cands: Vec<(usize, usize, u32)> = Vec::new();
        for m in self.ac.find_overlapping_iter(bytes) {
            let f = &self.forms[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            if f.kind != FormKind::Phrase && bytes[s..e] != f.bytes[..] {
                continue;
            }
            if !on_boundaries(text, s, e, f.word_start, f.word_end) {
                continue;
            }
            cands.push((s, e, m.pattern().as_u32()));
        }
        if cands.is_empty() {
            return;
        }
        // Leftmost, then longest, without overlap.
        cands.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut cursor = 0usize;
        let mut any_ambiguous = false;
        for &(s, e, fi) in &cands {
            if s < cursor {
                continue;
            }
            let f = &self.forms[fi as usize];
            any_ambiguous |= f.kind == FormKind::Ambiguous;
            // Ambiguous mentions are marked with `HiringProcess` in the placeholder slot until
            // resolved below; nothing outside this function sees that.
            let ctx = if f.kind == FormKind::Ambiguous { ContextClass::HiringProcess } else { ContextClass::BareMention };
            out.push(Mention { term: f.term, start: s, end: e, context: ctx });
            cursor = e;
        }
        if any_ambiguous {
            let snapshot: Vec<Mention> = out.clone();
            out.retain(|m| {
                if m.context != ContextClass::HiringProcess {
                    return true;
                }
                let (s, e) = sentence_bounds(text, m.start, m.end);
                snapshot.iter().any(|o| o.context == ContextClass::BareMention && o.start >= s && o.end <= e)
            });
            for m in out.iter_mut() {
                m.context = ContextClass::BareMention;
            }
        }
    }

    /// The context class of one mention, from the cues in its sentence: a hiring-process cue
    /// wins; otherwise a tool is used; otherwise a build cue, then a use cue; else a bare mention.
    fn mention_context(&self, text: &str, m: &Mention, window: (usize, usize)) -> ContextClass {
        let (s, e) = window;
        let w = &text[s..e];
        let (mut hiring, mut build, mut uses) = (false, false, false);
        for c in self.cues.find_overlapping_iter(w.as_bytes()) {
            let (class, ws, we) = self.cue_forms[c.pattern().as_usize()];
            if !on_boundaries(w, c.start(), c.end(), ws, we) {
                continue;
            }
            match class {
                ContextClass::HiringProcess => hiring = true,
                ContextClass::Build => build = true,
                _ => uses = true,
            }
        }
        if hiring {
            ContextClass::HiringProcess
        } else if self.class_of(m.term) == TermClass::Tool {
            ContextClass::UseTools
        } else if build {
            ContextClass::Build
        } else if uses {
            ContextClass::UseTools
        } else {
            ContextClass::BareMention
        }
    }

    /// Mentions by class and context. The text's context is the most substantive one among its
    /// mentions: build > use_tools > hiring_process > bare_mention.
    pub fn scan(&self, text: &str) -> TextScan {
        let mut mentions = Vec::new();
        self.mentions(text, &mut mentions);
        let mut out = TextScan::default();
        for m in mentions.iter_mut() {
            let window = sentence_bounds(text, m.start, m.end);
            m.context = self.mention_context(text, m, window);
            match self.class_of(m.term) {
                TermClass::Generic => out.generic += 1,
                TermClass::Specific => out.specific += 1,
                TermClass::Tool => out.tool += 1,
            }
            out.context = Some(out.context.map_or(m.context, |c| c.max(m.context)));
        }
        out.mentions = mentions;
        out
    }

    /// Only the counts (no context, no positions): the fast path for throughput measurements.
    pub fn count(&self, text: &str, buf: &mut Vec<Mention>) -> [u32; 3] {
        self.mentions(text, buf);
        let mut c = [0u32; 3];
        for m in buf.iter() {
            c[self.class_of(m.term) as usize] += 1;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Matcher {
        Matcher::new(&Taxonomy::builtin()).unwrap()
    }

    fn keywords(text: &str) -> Vec<String> {
        let m = m();
        m.scan(text).mentions.iter().map(|x| m.terms()[x.term as usize].keyword.clone()).collect()
    }

    #[test]
    fn ai_is_whole_word_and_case_aware() {
        assert!(keywords("She said the Thai food in Kai's kitchen was MAIN course, aid and ai").is_empty());
        assert_eq!(keywords("We use AI every day."), ["AI"]);
        assert_eq!(keywords("#AI (AI) \"AI\" AI's A.I. tools"), ["AI", "AI", "AI", "AI", "AI"]);
        assert!(keywords("AIDS awareness, AIs? no: FAIR, AIM").is_empty());
    }

    #[test]
    fn ml_rag_nlp_do_not_match_inside_words_or_lowercase_words() {
        assert!(keywords("HTML, XML and email; cleaning rags, a rag, Rag and bone, nlps").is_empty());
        assert_eq!(keywords("ML and RAG and NLP"), ["machine learning", "RAG", "NLP"]);
    }

    #[test]
    fn longest_form_wins_and_compounds_are_one_mention() {
        assert_eq!(keywords("an AI-powered, AI-first GenAI team doing AI/ML"), ["AI-powered", "AI-powered", "generative AI", "AI/ML"]);
        assert_eq!(keywords("Gen AI and Generative AI"), ["generative AI", "generative AI"]);
        assert_eq!(keywords("Vertex AI and Perplexity AI"), ["MLOps", "Perplexity"]);
    }

    #[test]
    fn phrases_are_case_insensitive() {
        assert_eq!(
            keywords("Machine Learning, MACHINE LEARNING, machine learning, Natural Language Processing"),
            ["machine learning", "machine learning", "machine learning", "NLP"]
        );
        assert_eq!(keywords("pytorch or PyTorch"), ["PyTorch", "PyTorch"]);
    }

    #[test]
    fn ambiguous_forms_need_an_unambiguous_mention_in_the_sentence() {
        assert!(keywords("Report to Captain Claude Martin, Gemini project lead. Copilot seat.").is_empty());
        assert!(keywords("We fine-tune our marketing plan every quarter.").is_empty());
        assert_eq!(keywords("Use ChatGPT, Claude or Gemini daily."), ["ChatGPT", "Claude", "Gemini"]);
        assert_eq!(keywords("Fine-tuning LLMs is the job."), ["LLM fine-tuning", "LLM"]);
        // The unambiguous mention must be in the same sentence.
        assert_eq!(keywords("Use ChatGPT. Claude is our CEO."), ["ChatGPT"]);
    }

    #[test]
    fn unicode_neighbours_count_as_word_characters() {
        assert!(keywords("éAI AIé").is_empty());
        assert_eq!(keywords("AI—powered «AI»"), ["AI", "AI"]);
    }

    #[test]
    fn contexts_follow_the_documented_rules() {
        let m = m();
        let ctx = |t: &str| m.scan(t).context();
        assert_eq!(ctx("You will build and deploy machine learning models."), ContextClass::Build);
        assert_eq!(ctx("Use ChatGPT to draft emails."), ContextClass::UseTools);
        assert_eq!(ctx("Familiarity with AI tools is a plus."), ContextClass::UseTools);
        assert_eq!(ctx("We may use AI to screen applications from candidates."), ContextClass::HiringProcess);
        assert_eq!(ctx("We are an AI-first company."), ContextClass::BareMention);
        assert_eq!(ctx("No mention here."), ContextClass::None);
        // The most substantive context of the text wins.
        assert_eq!(
            ctx("We are an AI-first company. We may use AI to screen applications. You will develop NLP pipelines."),
            ContextClass::Build
        );
    }

    #[test]
    fn specificity_rule() {
        let m = m();
        let s = m.scan("AI, AI, machine learning and ChatGPT");
        assert_eq!((s.generic, s.specific, s.tool), (2, 1, 1));
        assert_eq!(s.specificity(), Some(1.0 / 3.0));
        assert_eq!(m.scan("ChatGPT only").specificity(), None);
    }

    #[test]
    fn sentence_bounds_stop_at_terminators_and_reach() {
        let t = "One. Two AI here! Three.";
        let i = t.find("AI").unwrap();
        let (s, e) = sentence_bounds(t, i, i + 2);
        assert_eq!(t[s..e].trim(), "Two AI here");
        let long = "x".repeat(2000) + " AI " + &"y".repeat(2000);
        let i = long.find("AI").unwrap();
        let (s, e) = sentence_bounds(&long, i, i + 2);
        assert_eq!((i - s, e - (i + 2)), (SENTENCE_REACH, SENTENCE_REACH));
    }
}
