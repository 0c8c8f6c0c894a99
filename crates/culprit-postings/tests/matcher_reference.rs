//! The fast matcher equals a plain reference matcher written from the rules in docs/postings.md
//! (every form tried at every character position, word boundaries from `char::is_alphanumeric`,
//! leftmost-longest, the ambiguity rule, context cues searched naively), on random text built
//! to hit the tricky cases: AI beside said/Thai/Kai/MAIN, ML inside HTML, forms glued to Unicode
//! letters, digits and `_`, random case, and invalid UTF-8 (scanned as U+FFFD, as the readers do).

use culprit_postings::{ContextClass, Matcher, TermClass, Taxonomy};
use proptest::prelude::*;

const REACH: usize = 400;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Exact,
    Phrase,
    Ambiguous,
}

/// (term, start, end, context) of one mention.
type Found = (u16, usize, usize, ContextClass);

struct Reference {
    forms: Vec<(u16, Kind, String)>,
    classes: Vec<TermClass>,
    cues: Vec<(ContextClass, String)>,
    ambiguity_cues: Vec<String>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Reference {
    fn new(tax: &Taxonomy) -> Reference {
        let mut forms = Vec::new();
        for (i, t) in tax.terms.iter().enumerate() {
            for (list, kind) in [(&t.exact, Kind::Exact), (&t.phrases, Kind::Phrase), (&t.ambiguous, Kind::Ambiguous)] {
                for f in list {
                    forms.push((i as u16, kind, f.clone()));
                }
            }
        }
        let mut cues = Vec::new();
        for (class, list) in [
            (ContextClass::HiringProcess, &tax.context.hiring_process),
            (ContextClass::Build, &tax.context.build),
            (ContextClass::UseTools, &tax.context.use_tools),
        ] {
            for c in &list.cues {
                cues.push((class, c.clone()));
            }
        }
        Reference { forms, classes: tax.terms.iter().map(|t| t.class).collect(), cues, ambiguity_cues: tax.ambiguity_cues.clone() }
    }

    /// Whether `pat` occurs at byte `i` of `text` on word boundaries (ASCII case folded or not).
    fn occurs(text: &str, i: usize, pat: &str, fold: bool) -> bool {
        let Some(t) = text.as_bytes().get(i..i + pat.len()) else { return false };
        let same = if fold { t.eq_ignore_ascii_case(pat.as_bytes()) } else { t == pat.as_bytes() };
        if !same || !text.is_char_boundary(i) || !text.is_char_boundary(i + pat.len()) {
            return false;
        }
        let starts_word = pat.chars().next().is_some_and(is_word);
        let ends_word = pat.chars().next_back().is_some_and(is_word);
        let glued_before = starts_word && text[..i].chars().next_back().is_some_and(is_word);
        let glued_after = ends_word && text[i + pat.len()..].chars().next().is_some_and(is_word);
        !glued_before && !glued_after
    }

    fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
        let b = text.as_bytes();
        let stop = |i: usize| match b[i] {
            b'\n' | b'\r' => true,
            b'.' | b'!' | b'?' | b';' => i + 1 == b.len() || b[i + 1].is_ascii_whitespace(),
            _ => false,
        };
        let mut s = start;
        while s > start.saturating_sub(REACH) && !stop(s - 1) {
            s -= 1;
        }
        let mut e = end;
        while e < (end + REACH).min(b.len()) && !stop(e) {
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

    /// (term, start, end, context) of every accepted mention, and the text's context.
    fn scan(&self, text: &str) -> (Vec<Found>, Option<ContextClass>) {
        let mut cands = Vec::new();
        for i in 0..text.len() {
            for (fi, (_, kind, f)) in self.forms.iter().enumerate() {
                if Self::occurs(text, i, f, *kind == Kind::Phrase) {
                    cands.push((i, i + f.len(), fi));
                }
            }
        }
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut kept: Vec<(usize, usize, usize)> = Vec::new();
        for c in cands {
            if kept.last().is_none_or(|k| c.0 >= k.1) {
                kept.push(c);
            }
        }
        let ambiguous = |fi: usize| self.forms[fi].1 == Kind::Ambiguous;
        let accepted: Vec<(usize, usize, usize)> = kept
            .iter()
            .copied()
            .filter(|&(s, e, fi)| {
                if !ambiguous(fi) {
                    return true;
                }
                let (ws, we) = Self::sentence(text, s, e);
                let w = &text[ws..we];
                kept.iter().any(|&(os, oe, ofi)| !ambiguous(ofi) && os >= ws && oe <= we)
                    || self.ambiguity_cues.iter().any(|cue| (0..w.len()).any(|i| Self::occurs(w, i, cue, true)))
            })
            .collect();
        let mut out = Vec::new();
        let mut overall: Option<ContextClass> = None;
        for (s, e, fi) in accepted {
            let term = self.forms[fi].0;
            let (ws, we) = Self::sentence(text, s, e);
            let w = &text[ws..we];
            let has = |class: ContextClass| {
                self.cues.iter().any(|(c, cue)| *c == class && (0..w.len()).any(|i| Self::occurs(w, i, cue, true)))
            };
            let ctx = if has(ContextClass::HiringProcess) {
                ContextClass::HiringProcess
            } else if self.classes[term as usize] == TermClass::Tool {
                ContextClass::UseTools
            } else if has(ContextClass::Build) {
                ContextClass::Build
            } else if has(ContextClass::UseTools) {
                ContextClass::UseTools
            } else {
                ContextClass::BareMention
            };
            overall = Some(overall.map_or(ctx, |c| c.max(ctx)));
            out.push((term, s, e, ctx));
        }
        (out, overall)
    }
}

/// Pieces of text: every taxonomy form and cue, words that contain or resemble forms, Unicode
/// word and non-word characters, separators and sentence ends.
fn pieces(tax: &Taxonomy) -> Vec<String> {
    let mut p: Vec<String> = Vec::new();
    for t in &tax.terms {
        p.extend(t.exact.iter().chain(&t.phrases).chain(&t.ambiguous).cloned());
    }
    for c in [&tax.context.hiring_process, &tax.context.build, &tax.context.use_tools] {
        p.extend(c.cues.iter().cloned());
    }
    for w in [
        "said", "Thai", "Kai", "MAIN", "AIDS", "aid", "ai", "Ai", "HTML", "XML", "html", "ml", "rag", "rags", "Rag",
        "nlp", "AIs", "FAIR", "claude", "Captain", "Tower", "copilot", "fine", "tune", "DL", "a", "A", "I", "i", "an",
        "and", "the", "based", "first", "learning", "machine", "data", "é", "ü", "ß", "Ж", "日本", "ǅ", "٣", "²", "ｱ",
        "\u{FFFD}", "\u{200B}", "—", "«", "»", "’", "_", "0", "7", " ", " ", " ", "  ", ".", ". ", "! ", "? ", "; ",
        ";", "\n", "\r\n", "-", "/", "&", "#", "(", ")", "'", ",", ":", "\t", "x", "Z", "q",
    ] {
        p.push(w.to_string());
    }
    p
}

/// Text from piece choices; a case flip changes the ASCII case of the whole piece, `raw` bytes
/// (possibly invalid UTF-8) are appended and decoded lossily as the readers do.
fn build_text(pieces: &[String], picks: &[(usize, u8)], raw: &[u8]) -> String {
    let mut bytes = Vec::new();
    for &(i, case) in picks {
        let p = &pieces[i % pieces.len()];
        match case % 4 {
            0 => bytes.extend_from_slice(p.to_ascii_uppercase().as_bytes()),
            1 => bytes.extend_from_slice(p.to_ascii_lowercase().as_bytes()),
            _ => bytes.extend_from_slice(p.as_bytes()),
        }
        if case & 8 != 0 && !raw.is_empty() {
            bytes.push(raw[i % raw.len()]);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn check(m: &Matcher, r: &Reference, text: &str) -> std::result::Result<(), TestCaseError> {
    let fast = m.scan(text);
    let (want, ctx) = r.scan(text);
    let got: Vec<Found> = fast.mentions.iter().map(|x| (x.term, x.start, x.end, x.context)).collect();
    prop_assert_eq!(&got, &want, "text {:?}", text);
    prop_assert_eq!(fast.context, ctx, "text {:?}", text);
    let count = |c: TermClass| want.iter().filter(|w| r.classes[w.0 as usize] == c).count() as u32;
    prop_assert_eq!((fast.generic, fast.specific, fast.tool), (count(TermClass::Generic), count(TermClass::Specific), count(TermClass::Tool)));
    let mut buf = Vec::new();
    prop_assert_eq!(m.count(text, &mut buf), [fast.generic, fast.specific, fast.tool]);
    Ok(())
}

#[test]
fn the_reference_agrees_with_the_documented_examples() {
    let tax = Taxonomy::builtin();
    let r = Reference::new(&tax);
    let n = |t: &str| r.scan(t).0.len();
    assert_eq!(n("She said the Thai food in Kai's kitchen was MAIN course, aid and ai"), 0);
    assert_eq!(n("HTML, XML and email; rags"), 0);
    assert_eq!(n("#AI (AI) AI's AI/ML"), 4);
    assert_eq!(n("Report to Captain Claude Martin."), 0);
    assert_eq!(n("Use ChatGPT, Claude or Gemini daily."), 3);
}

fn fixture() -> &'static (Matcher, Reference, Vec<String>) {
    static F: std::sync::OnceLock<(Matcher, Reference, Vec<String>)> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let tax = Taxonomy::builtin();
        (Matcher::new(&tax).unwrap(), Reference::new(&tax), pieces(&tax))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn fast_matcher_equals_reference(
        picks in proptest::collection::vec((0usize..10_000, any::<u8>()), 0..60),
        raw in proptest::collection::vec(any::<u8>(), 0..8),
    ) {
        let (m, r, pieces) = fixture();
        let text = build_text(pieces, &picks, &raw);
        check(m, r, &text)?;
        // The same text far into a long description (block and buffer edges move).
        let long = format!("{}{text}", "x ".repeat(37));
        check(m, r, &long)?;
    }

    #[test]
    fn fast_matcher_equals_reference_on_random_bytes(raw in proptest::collection::vec(
        prop_oneof![Just(b'A'), Just(b'I'), Just(b'M'), Just(b'L'), Just(b'a'), Just(b'i'), Just(b' '), Just(b'.'),
                    Just(b'/'), Just(b'-'), Just(0xc3), Just(0xa9), Just(0xff), any::<u8>()], 0..300)) {
        let (m, r, _) = fixture();
        check(m, r, &String::from_utf8_lossy(&raw))?;
    }
}
