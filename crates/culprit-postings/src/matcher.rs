//! The keyword matcher. Each taxonomy form is searched through one of its tokens, its anchor
//! (the token whose first two letters are least common as a word start). One pass over the text
//! in 64-byte blocks (AVX2 when the CPU has it, SSE2 otherwise) turns it into 6-bit codes
//! (letters case-folded, every non-word byte a separator) and takes the word starts from each
//! block's mask of word bytes; each word's key (its codes to the next separator, 3 to 8 bytes)
//! is looked up in a collision-free hash table of the anchors' keys (a taxonomy of thousands of
//! forms gets shared slots instead), so most words cost one load and one compare. Only words that pass are checked further: the whole anchor, then each form of its
//! group, exact case for case-sensitive forms, Unicode word boundaries on the original text, the
//! longest of overlapping hits, and the ambiguity rule. Sentence cues (the context) are searched
//! with Aho-Corasick in the sentences that hold a mention only.

use crate::error::{PostingsError, Result};
use crate::taxonomy::{ContextClass, TermClass, Taxonomy};
use aho_corasick::{AhoCorasick, MatchKind};
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
    /// The form normalised like the text (see [`normalize_into`]).
    norm: Box<[u8]>,
    /// `norm` as 8-byte words for [`starts_with_words`].
    norm_words: Box<[u64]>,
    norm_mask: u64,
    /// Whether the form starts / ends with a word character (only then is a boundary required).
    word_start: bool,
    word_end: bool,
}

/// `out` = 0, then the text as one code per byte, then 65 zeros (one as the end of the last
/// word, 64 as slack for [`starts_mask64`]), so `out.len()` is `text.len() + 66`. Codes: ASCII letters 12..=37 (case folded),
/// digits 1..=10, `_` 11, and 0 for every other byte (punctuation, space, each byte of a
/// non-ASCII character). Byte for byte (text[i] is out[i + 1]), in a loop the compiler
/// vectorises. The words of the text are then exactly the runs between zeros, so an anchor
/// token is searched for with a zero on each side and never matches inside a word.
#[inline]
pub fn normalize_into(text: &[u8], out: &mut Vec<u8>) {
    out.clear();
    // 64 spare separators at the end so that word-start masks may read 65 bytes past any start.
    out.resize(text.len() + 2 + 64, SEP);
    let dst = &mut out[1..text.len() + 1];
    let mut done = 0;
    #[cfg(target_arch = "x86_64")]
    {
        while done + 16 <= text.len() {
            // SAFETY: 16 bytes are in bounds of both slices (checked by the loop condition); SSE2
            // is part of the x86_64 baseline.
            unsafe { simd::normalize16(text.as_ptr().add(done), dst.as_mut_ptr().add(done)) };
            done += 16;
        }
    }
    for (o, &b) in dst[done..].iter_mut().zip(&text[done..]) {
        *o = code_of(b);
    }
}

#[inline]
fn code_of(b: u8) -> u8 {
    let l = (b | 0x20).wrapping_sub(b'a');
    let d = b.wrapping_sub(b'0');
    if l < 26 {
        l + 12
    } else if d < 10 {
        d + 1
    } else if b == b'_' {
        11
    } else {
        SEP
    }
}

/// Normalises 64 bytes from `src` to `dst` (as [`code_of`]) and returns the mask of word bytes
/// (bit j: `src[j]` is a letter, digit or `_`).
///
/// # Safety
/// 64 bytes readable at `src` and writable at `dst`; with `AVX2`, the CPU has AVX2.
#[inline(always)]
unsafe fn norm64<const AVX2: bool>(src: *const u8, dst: *mut u8) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        if AVX2 {
            simd::norm64_avx2(src, dst)
        } else {
            simd::norm64_sse2(src, dst)
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut m = 0u64;
        for j in 0..64 {
            let c = code_of(*src.add(j));
            *dst.add(j) = c;
            m |= ((c != SEP) as u64) << j;
        }
        m
    }
}

#[cfg(target_arch = "x86_64")]
mod simd {
    use std::arch::x86_64::*;

    /// [`super::code_of`] on 16 bytes (the unused mask is optimised away).
    #[inline]
    pub unsafe fn normalize16(src: *const u8, dst: *mut u8) {
        norm16_mask(src, dst);
    }

    /// [`super::code_of`] on 16 bytes, and the mask of word bytes.
    #[inline(always)]
    unsafe fn norm16_mask(src: *const u8, dst: *mut u8) -> u64 {
        let v = _mm_loadu_si128(src as *const __m128i);
        let l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(b'a' as i8));
        let is_l = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(25)), l);
        let d = _mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8));
        let is_d = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
        let is_u = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8));
        let r = _mm_or_si128(
            _mm_or_si128(
                _mm_and_si128(is_l, _mm_add_epi8(l, _mm_set1_epi8(12))),
                _mm_and_si128(is_d, _mm_add_epi8(d, _mm_set1_epi8(1))),
            ),
            _mm_and_si128(is_u, _mm_set1_epi8(11)),
        );
        _mm_storeu_si128(dst as *mut __m128i, r);
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(is_l, is_d), is_u)) as u32 as u64
    }

    /// [`super::norm64`] with SSE2 (the x86_64 baseline).
    #[inline(always)]
    pub unsafe fn norm64_sse2(src: *const u8, dst: *mut u8) -> u64 {
        norm16_mask(src, dst)
            | norm16_mask(src.add(16), dst.add(16)) << 16
            | norm16_mask(src.add(32), dst.add(32)) << 32
            | norm16_mask(src.add(48), dst.add(48)) << 48
    }

    /// [`super::code_of`] on 32 bytes with AVX2, and the mask of word bytes. Only called from
    /// functions compiled with AVX2 enabled, into which it is inlined.
    #[inline(always)]
    unsafe fn norm32_avx2(src: *const u8, dst: *mut u8) -> u64 {
        let v = _mm256_loadu_si256(src as *const __m256i);
        let l = _mm256_sub_epi8(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), _mm256_set1_epi8(b'a' as i8));
        let is_l = _mm256_cmpeq_epi8(_mm256_min_epu8(l, _mm256_set1_epi8(25)), l);
        let d = _mm256_sub_epi8(v, _mm256_set1_epi8(b'0' as i8));
        let is_d = _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d);
        let is_u = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'_' as i8));
        let r = _mm256_or_si256(
            _mm256_or_si256(
                _mm256_and_si256(is_l, _mm256_add_epi8(l, _mm256_set1_epi8(12))),
                _mm256_and_si256(is_d, _mm256_add_epi8(d, _mm256_set1_epi8(1))),
            ),
            _mm256_and_si256(is_u, _mm256_set1_epi8(11)),
        );
        _mm256_storeu_si256(dst as *mut __m256i, r);
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(is_l, is_d), is_u)) as u32 as u64
    }

    /// [`super::norm64`] with AVX2.
    #[inline(always)]
    pub unsafe fn norm64_avx2(src: *const u8, dst: *mut u8) -> u64 {
        norm32_avx2(src, dst) | norm32_avx2(src.add(32), dst.add(32)) << 32
    }
}

/// The code of every non-word byte.
const SEP: u8 = 0;

#[inline(always)]
fn load64(buf: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(buf[at..at + 8].try_into().unwrap())
}

/// The key of a word of normalised text, from the 8 codes `w` starting at its first code (little
/// endian): its codes up to and including the first separator at index 2 or later (index 7 at
/// most), the rest zeroed. So "ai" is keyed "ai" and a separator, a one-letter word keeps the
/// next word's start ("a i" and a separator of "A.I"), and long words their first 8 codes.
/// Branch-free: word lengths are not predictable.
#[inline(always)]
fn key_of(w: u64) -> u64 {
    // Codes are below 0x40, so adding 0x7F to a byte sets its high bit unless it is a separator
    // (0), and never carries into the next byte.
    let seps = !w.wrapping_add(0x7F7F_7F7F_7F7F_7F7F) & 0x8080_8080_8080_0000 | (1 << 63);
    // All bits up to and including the lowest set one: the bytes up to that separator.
    w & (seps ^ (seps - 1))
}

/// `buf[at..]` starts with `pat` (given as little-endian 8-byte words, the last one zero padded,
/// and the mask of its used bytes); false if `buf` is too short for the words read.
#[inline(always)]
fn starts_with_words(buf: &[u8], at: usize, words: &[u64], last_mask: u64) -> bool {
    let Some((last, init)) = words.split_last() else { return true };
    if at + 8 * words.len() > buf.len() {
        return false;
    }
    for (i, &w) in init.iter().enumerate() {
        if load64(buf, at + 8 * i) != w {
            return false;
        }
    }
    load64(buf, at + 8 * init.len()) & last_mask == *last
}

/// `bytes` as little-endian 8-byte words (the last zero padded) and the mask of the last one's
/// used bytes.
fn to_words(bytes: &[u8]) -> (Box<[u64]>, u64) {
    let words: Box<[u64]> = bytes
        .chunks(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            u64::from_le_bytes(b)
        })
        .collect();
    let rem = bytes.len() % 8;
    (words, if rem == 0 { u64::MAX } else { (1u64 << (8 * rem)) - 1 })
}

/// Two-letter word starts common in English postings, most common first. A form's anchor is its
/// token with the least common start (absent from the list is best), so that the SIMD search
/// rarely stops on words that are not AI terms.
const COMMON_STARTS: [&str; 64] = [
    "th", "an", "in", "of", "to", "co", "re", "be", "wi", "ha", "de", "pr", "st", "fo", "wh", "ma",
    "yo", "ou", "wo", "ex", "se", "so", "su", "ca", "pa", "pe", "we", "it", "is", "as", "on", "or",
    "al", "at", "fi", "ne", "no", "mo", "me", "he", "hi", "tr", "sh", "li", "lo", "le", "bu", "ar",
    "ac", "ap", "en", "ev", "fr", "gr", "pl", "ch", "sa", "si", "sp", "te", "un", "us", "wa", "da",
];

fn anchor_score(token: &[u8]) -> (usize, std::cmp::Reverse<usize>) {
    // `token` is already normalised: compare its first two codes with the normalised starts.
    let rank = COMMON_STARTS
        .iter()
        .position(|c| c.bytes().map(code_of).eq(token.iter().take(2).copied()))
        .map(|r| COMMON_STARTS.len() - r)
        .unwrap_or(0);
    // Less common start first, then the longer token (fewer stops that fail verification).
    (rank, std::cmp::Reverse(token.len()))
}

/// The token of a normalised form to search for: (offset in the form, token).
fn anchor_of(norm: &[u8]) -> (usize, &[u8]) {
    let mut best: Option<(usize, &[u8])> = None;
    let mut i = 0;
    while i < norm.len() {
        if norm[i] == SEP {
            i += 1;
            continue;
        }
        let j = norm[i..].iter().position(|&b| b == SEP).map_or(norm.len(), |k| i + k);
        let tok = &norm[i..j];
        if best.is_none_or(|(_, b)| anchor_score(tok) < anchor_score(b)) {
            best = Some((i, tok));
        }
        i = j;
    }
    let best = best.expect("a form starts with a word character (checked)");
    // A one-letter token ("a" of "A.I.") would stop the search at every article: take the whole
    // form instead (" a i ").
    if best.1.len() < 2 { (0, norm) } else { best }
}

/// A slot of [`KeyTable::keys`] shared by several keys (no key has all bytes 0xFF: codes are
/// below 0x40).
const SHARED: u64 = u64::MAX;

/// The anchors' keys in a multiply-shift hash table: slot `(key * mul) >> shift` holds the only
/// key that can be there (0 when none: no key is 0, as a word's first code is not a separator).
struct KeyTable {
    keys: Box<[u64]>,
    /// For each slot: the key's index (into `Matcher::lists`), or for a shared slot the index
    /// into `shared`.
    lists: Box<[u16]>,
    mul: u64,
    shift: u32,
    /// No slot is shared: the per-word test is one compare.
    perfect: bool,
    /// The (key, list) pairs of each shared slot.
    shared: Vec<Box<[(u64, u16)]>>,
}

/// Builds the table with multipliers from a fixed sequence (so a taxonomy always gets the same
/// table): the first with no collision in 8, 16, 32 or 64 slots per key; failing that (a very
/// large taxonomy, where a collision-free table would need about n^2 slots), 8 slots per key
/// with shared slots.
fn key_table(keys: &[u64]) -> KeyTable {
    let min_bits = (keys.len().max(1) * 8).next_power_of_two().trailing_zeros();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next_mul = || {
        // splitmix64
        seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) | 1
    };
    let fill = |bits: u32, mul: u64| {
        let shift = 64 - bits;
        let mut slots = vec![0u64; 1 << bits];
        let mut lists = vec![0u16; 1 << bits];
        let mut shared: Vec<Vec<(u64, u16)>> = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let h = (k.wrapping_mul(mul) >> shift) as usize;
            match slots[h] {
                0 => (slots[h], lists[h]) = (k, i as u16),
                SHARED => shared[lists[h] as usize].push((k, i as u16)),
                other => {
                    shared.push(vec![(other, lists[h]), (k, i as u16)]);
                    (slots[h], lists[h]) = (SHARED, (shared.len() - 1) as u16);
                }
            }
        }
        let perfect = shared.is_empty();
        KeyTable {
            keys: slots.into_boxed_slice(),
            lists: lists.into_boxed_slice(),
            mul,
            shift,
            perfect,
            shared: shared.into_iter().map(Vec::into_boxed_slice).collect(),
        }
    };
    // Collision-free tables are out of reach beyond about 2,000 keys (the chance of one in 64
    // slots per key is about e^(-n/128)): then go straight to shared slots.
    if keys.len() <= 2048 {
        let mut seen = Vec::new();
        for bits in min_bits..min_bits + 4 {
            for _ in 0..256 {
                let mul = next_mul();
                seen.clear();
                seen.resize(1 << bits, false);
                let shift = 64 - bits;
                let free = keys.iter().all(|&k| !std::mem::replace(&mut seen[(k.wrapping_mul(mul) >> shift) as usize], true));
                if free {
                    return fill(bits, mul);
                }
            }
        }
    }
    fill(min_bits, next_mul())
}

/// A word start whose key is an anchor key: (text index, index into `Matcher::lists`).
type KeyHit = (usize, u16);

/// The cues found in a sentence: (hiring process, build, use).
type Cues = (bool, bool, bool);

thread_local! {
    /// Per thread: the normalised text and the word starts that passed the key test.
    static SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<KeyHit>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
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
    /// Anchor patterns (SEP token SEP) as 8-byte words with the last word's mask, tried at the
    /// separator before every word whose key (see [`key_of`]) is an anchor's.
    anchor_pats: Vec<(Box<[u64]>, u64)>,
    /// The anchors' keys (see [`key_of`]).
    keys: KeyTable,
    /// Whether the CPU has AVX2 (checked once, at construction).
    avx2: bool,
    /// Anchors by key.
    lists: Vec<Box<[u16]>>,
    /// For each anchor: the forms it belongs to, with the anchor token's offset in the form.
    groups: Vec<Box<[GroupForm]>>,
    forms: Vec<Form>,
    cues: AhoCorasick,
    cue_forms: Vec<(ContextClass, bool, bool)>,
    /// Words that confirm an ambiguous form in its sentence (see [`Taxonomy::ambiguity_cues`]),
    /// searched for all at once: one cue at a time was a quarter of the scan's time on a corpus
    /// that names Copilot or Gemini often.
    ambiguity_cues: AhoCorasick,
}

/// A form of an anchor's group, with what rejects most of them without reading the form: its
/// first 8 normalised codes (fewer for a shorter form) and the mask of those codes.
#[derive(Debug, Clone, Copy)]
struct GroupForm {
    /// The anchor token's offset in the form.
    off: usize,
    form: u32,
    first: u64,
    first_mask: u64,
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
        let build_err = |e: aho_corasick::BuildError| PostingsError::Taxonomy { origin: tax.version.clone(), message: e.to_string() };
        let mut forms = Vec::new();
        for (i, t) in tax.terms.iter().enumerate() {
            for (list, kind) in [(&t.exact, FormKind::Exact), (&t.phrases, FormKind::Phrase), (&t.ambiguous, FormKind::Ambiguous)] {
                for f in list {
                    if !f.as_bytes()[0].is_ascii_alphanumeric() {
                        return Err(PostingsError::Taxonomy {
                            origin: tax.version.clone(),
                            message: format!("form `{f}` must start with an ASCII letter or digit"),
                        });
                    }
                    let mut norm = Vec::new();
                    normalize_into(f.as_bytes(), &mut norm);
                    let (norm_words, norm_mask) = to_words(&norm[1..f.len() + 1]);
                    forms.push(Form {
                        term: i as u16,
                        kind,
                        bytes: f.as_bytes().into(),
                        norm: norm[1..f.len() + 1].into(),
                        norm_words,
                        norm_mask,
                        word_start: first_is_word(f),
                        word_end: last_is_word(f),
                    });
                }
            }
        }
        let mut anchor_ids: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        let mut anchor_pats: Vec<Vec<u8>> = Vec::new();
        let mut groups: Vec<Vec<(u32, usize)>> = Vec::new();
        for (fi, f) in forms.iter().enumerate() {
            let (off, tok) = anchor_of(&f.norm);
            let mut pat = Vec::with_capacity(tok.len() + 2);
            pat.push(SEP);
            pat.extend_from_slice(tok);
            if !tok.ends_with(&[SEP]) {
                pat.push(SEP);
            }
            let id = *anchor_ids.entry(pat.clone()).or_insert_with(|| {
                anchor_pats.push(pat);
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[id].push((fi as u32, off));
        }
        let mut by_key: std::collections::BTreeMap<u64, Vec<u16>> = std::collections::BTreeMap::new();
        for (i, p) in anchor_pats.iter().enumerate() {
            // SEP, one code, SEP: a one-letter form ("R") would be searched at every such word.
            if p.len() < 4 {
                let f = &forms[groups[i][0].0 as usize];
                return Err(PostingsError::Taxonomy {
                    origin: tax.version.clone(),
                    message: format!("form `{}` is a single letter or digit: too short to search for", String::from_utf8_lossy(&f.bytes)),
                });
            }
            let mut w = [SEP; 8];
            let tail = &p[1..p.len().min(9)];
            w[..tail.len()].copy_from_slice(tail);
            by_key.entry(key_of(u64::from_le_bytes(w))).or_default().push(i as u16);
        }
        if by_key.len() > u16::MAX as usize {
            return Err(PostingsError::Taxonomy { origin: tax.version.clone(), message: "too many distinct forms".into() });
        }
        let keys = key_table(&by_key.keys().copied().collect::<Vec<_>>());
        let lists: Vec<Box<[u16]>> = by_key.into_values().map(Vec::into_boxed_slice).collect();
        let anchor_pats: Vec<(Box<[u64]>, u64)> = anchor_pats.iter().map(|p| to_words(p)).collect();
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
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&cue_pats)
            .map_err(build_err)?;
        // Every occurrence of every cue (overlapping, case-insensitive for ASCII) is a candidate,
        // as when each cue was searched for alone; an empty cue confirms nothing.
        let ambiguity_cues = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(tax.ambiguity_cues.iter().filter(|c| !c.is_empty()))
            .map_err(build_err)?;
        let terms = tax.terms.iter().map(|t| TermInfo { keyword: t.keyword.clone(), class: t.class }).collect();
        Ok(Matcher {
            ambiguity_cues,
            version: tax.version.clone(),
            terms,
            anchor_pats,
            keys,
            avx2: has_avx2(),
            lists,
            groups: groups
                .into_iter()
                .map(|g| {
                    g.into_iter()
                        .map(|(fi, off)| {
                            let f = &forms[fi as usize];
                            let first_mask = if f.norm_words.len() > 1 { u64::MAX } else { f.norm_mask };
                            GroupForm { off, form: fi, first: f.norm_words[0], first_mask }
                        })
                        .collect()
                })
                .collect(),
            forms,
            cues,
            cue_forms,
        })
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

    /// Normalises `text` into `buf` (resized to `text.len() + 66`: a separator, the codes, 65
    /// separators, as [`normalize_into`] but without clearing the buffer first) and appends to
    /// `hits` every word start (text index, which is also the `buf` index of the separator before
    /// the word) whose key is an anchor's, with its list of anchors. One pass of 64-byte blocks:
    /// each block is normalised, its word starts taken from its word-byte mask, and the starts
    /// of the block before it (whose keys may reach 8 bytes into this one) tested.
    fn find_keys(&self, text: &[u8], buf: &mut Vec<u8>, hits: &mut Vec<KeyHit>) {
        let n = text.len();
        if buf.len() < n + 66 {
            buf.resize(n + 66, SEP);
        }
        let buf = &mut buf[..n + 66];
        buf[0] = SEP;
        buf[n + 1..].fill(SEP);
        match (self.avx2, self.keys.perfect) {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `avx2` is true only when the CPU has AVX2.
            (true, true) => unsafe { self.find_keys_avx2::<true>(text, buf, hits) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            (true, false) => unsafe { self.find_keys_avx2::<false>(text, buf, hits) },
            (_, true) => self.find_keys_impl::<false, true>(text, buf, hits),
            (_, false) => self.find_keys_impl::<false, false>(text, buf, hits),
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn find_keys_avx2<const PERFECT: bool>(&self, text: &[u8], buf: &mut [u8], hits: &mut Vec<KeyHit>) {
        self.find_keys_impl::<true, PERFECT>(text, buf, hits)
    }

    #[inline(always)]
    fn find_keys_impl<const AVX2: bool, const PERFECT: bool>(&self, text: &[u8], buf: &mut [u8], hits: &mut Vec<KeyHit>) {
        let n = text.len();
        assert_eq!(buf.len(), n + 66);
        let mut carry = 0u64;
        let (mut pending, mut pending_base) = (0u64, 0usize);
        let mut i = 0;
        while i < n {
            let words = if i + 64 <= n {
                let dst = buf[i + 1..i + 65].as_mut_ptr();
                // SAFETY: text[i..i + 64] and buf[i + 1..i + 65] are in bounds (checked above).
                unsafe { norm64::<AVX2>(text[i..i + 64].as_ptr(), dst) }
            } else {
                // The last block: its text is copied to its place in `buf` (separators, 0, follow
                // it up to the block's end, before n + 66) and normalised in place.
                buf[i + 1..n + 1].copy_from_slice(&text[i..]);
                let p = buf[i + 1..i + 65].as_mut_ptr();
                // SAFETY: buf[i + 1..i + 65] is in bounds as i < n; each 16- or 32-byte chunk is
                // loaded before it is stored.
                unsafe { norm64::<AVX2>(p, p) }
            };
            // A word starts at a word byte after a non-word byte (or the text's start).
            let starts = words & !(words << 1 | carry);
            carry = words >> 63;
            self.test_starts::<PERFECT>(buf, pending, pending_base, hits);
            (pending, pending_base) = (starts, i);
            i += 64;
        }
        self.test_starts::<PERFECT>(buf, pending, pending_base, hits);
    }

    /// Tests the words starting at `base + j` for every bit j of `starts` (their codes and the
    /// 8 bytes after them are in `buf`).
    #[inline(always)]
    fn test_starts<const PERFECT: bool>(&self, buf: &[u8], mut starts: u64, base: usize, hits: &mut Vec<KeyHit>) {
        let t = &self.keys;
        // Word starts are text positions, below `buf.len() - 66`, so `s + 9 <= buf.len()`.
        debug_assert!(starts == 0 || base + 63 - (starts.leading_zeros() as usize) + 66 < buf.len());
        debug_assert!(t.keys.len() == 1 << (64 - t.shift) && t.lists.len() == t.keys.len());
        while starts != 0 {
            let s = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            // SAFETY: s + 9 <= buf.len() (above); bounds checks here cost a tenth of the loop.
            let key = key_of(unsafe { buf.as_ptr().add(s + 1).cast::<u64>().read_unaligned() }.to_le());
            let slot = (key.wrapping_mul(t.mul) >> t.shift) as usize;
            // SAFETY: the shift leaves log2(keys.len()) bits, so slot < keys.len() = lists.len().
            let (k, list) = unsafe { (*t.keys.get_unchecked(slot), *t.lists.get_unchecked(slot)) };
            if k == key {
                hits.push((s, list));
            } else if !PERFECT && k == SHARED {
                if let Some(&(_, l)) = t.shared[list as usize].iter().find(|e| e.0 == key) {
                    hits.push((s, l));
                }
            }
        }
    }

    /// The forms of the anchors in `lists[list]` that match at separator `s` (rare: out of line).
    #[inline(never)]
    fn try_anchors(&self, text: &str, buf: &[u8], s: usize, list: u16, cands: &mut Vec<(usize, usize, u32)>) {
        let list = &self.lists[list as usize];
        let Some(a) = list.iter().map(|&a| a as usize).find(|&a| {
            let (w, m) = &self.anchor_pats[a];
            starts_with_words(buf, s, w, *m)
        }) else {
            return;
        };
        let bytes = text.as_bytes();
        // buf[i + 1] is text[i], so the anchor token starts at text index `s`.
        for g in self.groups[a].iter() {
            let Some(start) = s.checked_sub(g.off) else { continue };
            // start + 9 <= s + 9 < buf.len(): the text's first 8 codes from `start`.
            if load64(buf, start + 1) & g.first_mask != g.first {
                continue;
            }
            let fi = g.form;
            let f = &self.forms[fi as usize];
            let end = start + f.bytes.len();
            if end > bytes.len() || !starts_with_words(buf, start + 1, &f.norm_words, f.norm_mask) {
                continue;
            }
            let orig = &bytes[start..end];
            let same = match f.kind {
                FormKind::Phrase => orig.eq_ignore_ascii_case(&f.bytes),
                _ => orig == &f.bytes[..],
            };
            if same && on_boundaries(text, start, end, f.word_start, f.word_end) {
                cands.push((start, end, fi));
            }
        }
    }

    /// Accepted mentions in `text`, in order, without context (`BareMention` placeholder).
    pub fn mentions(&self, text: &str, out: &mut Vec<Mention>) {
        out.clear();
        let bytes = text.as_bytes();
        // (start, end, form index)
        let mut cands: Vec<(usize, usize, u32)> = Vec::new();
        SCRATCH.with(|sc| {
            let (buf, hits) = &mut *sc.borrow_mut();
            hits.clear();
            self.find_keys(bytes, buf, hits);
            for &(s, list) in hits.iter() {
                self.try_anchors(text, &buf[..bytes.len() + 66], s, list, &mut cands);
            }
        });
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
                    || self.has_ambiguity_cue(&text[s..e])
            });
            for m in out.iter_mut() {
                m.context = ContextClass::BareMention;
            }
        }
    }

    /// Whether a sentence has a word that makes an ambiguous product name an AI product.
    fn has_ambiguity_cue(&self, sentence: &str) -> bool {
        self.ambiguity_cues.find_overlapping_iter(sentence.as_bytes()).any(|m| on_boundaries(sentence, m.start(), m.end(), true, true))
    }

    /// The cues in a sentence window, by class: (hiring process, build, use).
    fn window_cues(&self, w: &str) -> Cues {
        let (mut build, mut uses) = (false, false);
        for c in self.cues.find_overlapping_iter(w.as_bytes()) {
            let (class, ws, we) = self.cue_forms[c.pattern().as_usize()];
            if !on_boundaries(w, c.start(), c.end(), ws, we) {
                continue;
            }
            match class {
                // A hiring-process cue decides the context whatever else the sentence has.
                ContextClass::HiringProcess => return (true, build, uses),
                ContextClass::Build => build = true,
                _ => uses = true,
            }
        }
        (false, build, uses)
    }

    /// The context class of one mention, from the cues in its sentence: a hiring-process cue
    /// wins; otherwise a tool is used; otherwise a build cue, then a use cue; else a bare mention.
    fn mention_context(&self, m: &Mention, cues: Cues) -> ContextClass {
        let (hiring, build, uses) = cues;
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
        // Mentions of one sentence share its window: its cues are searched once.
        let mut last: Option<((usize, usize), Cues)> = None;
        for m in mentions.iter_mut() {
            let window = sentence_bounds(text, m.start, m.end);
            let cues = match last {
                Some((w, c)) if w == window => c,
                _ => self.window_cues(&text[window.0..window.1]),
            };
            last = Some((window, cues));
            m.context = self.mention_context(m, cues);
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
        // An AI cue in the sentence is enough; a person named Claude is never a tool.
        assert_eq!(keywords("Draft replies with Claude, our writing assistant."), ["Claude"]);
        assert_eq!(keywords("Familiarity with tools like Gemini or Copilot helps."), ["Gemini", "Copilot"]);
        assert!(keywords("Claude Martin leads the Gemini team; the Copilot seat is open.").is_empty());
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

    /// The block pass (SSE2, and AVX2 where the CPU has it) equals a byte-by-byte pass over
    /// [`normalize_into`]'s output: the same normalised buffer, the same word starts passing the
    /// key test, on texts of every length around the 64-byte blocks, reusing a dirty buffer.
    #[test]
    fn block_pass_equals_a_byte_by_byte_pass() {
        use rand::{Rng, SeedableRng};
        let m = m();
        let pieces = ["AI", "ai", "A.I", "said", " ", "  ", "-", "é", "日", "_", "7", "GenAI", "learning", "x", "\n", "ML/AI", "a"];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut dirty = vec![0xAAu8; 4096];
        for round in 0..3000 {
            let mut text = String::new();
            let want_len = if round < 400 { round } else { rng.gen_range(0..700) };
            while text.len() < want_len {
                text.push_str(pieces[rng.gen_range(0..pieces.len())]);
            }
            let t = text.as_bytes();
            let n = t.len();
            let mut norm = Vec::new();
            normalize_into(t, &mut norm);
            let mut want = Vec::new();
            for s in 0..n {
                if norm[s] == SEP && norm[s + 1] != SEP {
                    let key = key_of(load64(&norm, s + 1));
                    let t = &m.keys;
                    let slot = (key.wrapping_mul(t.mul) >> t.shift) as usize;
                    if t.keys[slot] == key {
                        want.push((s, t.lists[slot]));
                    }
                }
            }
            let mut variants = vec![false];
            if has_avx2() {
                variants.push(true);
            }
            for avx2 in variants {
                let mut buf = dirty.clone();
                buf.truncate(buf.len().max(n + 66));
                buf.resize(n + 66, 0x55);
                buf[0] = SEP;
                buf[n + 1..].fill(SEP);
                let mut hits = Vec::new();
                if avx2 {
                    #[cfg(target_arch = "x86_64")]
                    unsafe {
                        m.find_keys_avx2::<true>(t, &mut buf, &mut hits)
                    };
                } else {
                    m.find_keys_impl::<false, true>(t, &mut buf, &mut hits);
                }
                assert_eq!(hits, want, "avx2 {avx2} text {text:?}");
                assert_eq!(buf, norm, "avx2 {avx2} text {text:?}");
                // And through the entry point, with a buffer longer than needed.
                let mut long = dirty.clone();
                let mut hits = Vec::new();
                m.find_keys(t, &mut long, &mut hits);
                assert_eq!(hits, want);
                assert_eq!(&long[..n + 66], &norm[..]);
            }
            dirty.iter_mut().for_each(|b| *b = b.wrapping_add(37));
        }
    }

    /// A taxonomy too large for a collision-free key table (3,000 forms) gets shared slots, and
    /// still finds every form: each of SSE2 and AVX2 finds the same word starts.
    #[test]
    fn a_large_taxonomy_shares_key_slots_and_finds_every_form() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let word = |rng: &mut rand_chacha::ChaCha8Rng| -> String {
            let len = rng.gen_range(2..12);
            (0..len).map(|_| (b'a' + rng.gen_range(0..26u8)) as char).collect()
        };
        let mut forms = std::collections::BTreeSet::new();
        while forms.len() < 3000 {
            forms.insert(word(&mut rng));
        }
        let list: Vec<String> = forms.iter().map(|f| format!("\"{f}\"")).collect();
        let toml = format!(
            "version = \"big\"\n[[term]]\nkeyword = \"w\"\nclass = \"specific\"\nphrases = [{}]\n[context]\nhiring_process = {{ cues = [] }}\nbuild = {{ cues = [] }}\nuse_tools = {{ cues = [] }}\n",
            list.join(", ")
        );
        let m = Matcher::new(&Taxonomy::parse(&toml, "test").unwrap()).unwrap();
        assert!(!m.keys.perfect, "3,000 keys in 32,768 slots collide");
        assert!(!m.keys.shared.is_empty());
        let forms: Vec<&String> = forms.iter().collect();
        for _ in 0..300 {
            let mut text = String::new();
            let mut want = Vec::new();
            for _ in 0..rng.gen_range(0..80) {
                if !text.is_empty() {
                    text.push_str([" ", ", ", "\n", "-"][rng.gen_range(0..4)]);
                }
                let w = if rng.gen_bool(0.5) { forms[rng.gen_range(0..forms.len())].clone() } else { word(&mut rng) };
                if forms.binary_search(&&w).is_ok() {
                    want.push((text.len(), text.len() + w.len()));
                }
                text.push_str(&w);
            }
            let got: Vec<(usize, usize)> = m.scan(&text).mentions.iter().map(|x| (x.start, x.end)).collect();
            assert_eq!(got, want, "{text}");
            let t = text.as_bytes();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut buf = vec![SEP; t.len() + 66];
            m.find_keys_impl::<false, false>(t, &mut buf, &mut a);
            m.find_keys(t, &mut buf, &mut b);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn one_letter_forms_are_refused_not_searched_everywhere() {
        let toml = "version = \"t\"\n[[term]]\nkeyword = \"R\"\nclass = \"specific\"\nexact = [\"R\"]\n[context]\nhiring_process = { cues = [] }\nbuild = { cues = [] }\nuse_tools = { cues = [] }\n";
        let tax = Taxonomy::parse(toml, "test").unwrap();
        let e = Matcher::new(&tax).unwrap_err().to_string();
        assert!(e.contains("single letter"), "{e}");
    }

    #[test]
    fn word_keys_keep_the_word_and_its_separator() {
        let key = |t: &str| {
            let mut n = Vec::new();
            normalize_into(t.as_bytes(), &mut n);
            key_of(load64(&n, 1))
        };
        let codes = |c: &[u8]| c.iter().rev().fold(0u64, |k, &b| k << 8 | b as u64);
        assert_eq!(key("AI is"), codes(&[code_of(b'a'), code_of(b'i'), SEP]));
        assert_eq!(key("ai-first"), key("AI"));
        assert_ne!(key("aid"), key("ai"));
        // One-letter words keep the next word's start; long words their first 8 codes.
        assert_eq!(key("A.I."), codes(&[code_of(b'a'), SEP, code_of(b'i'), SEP]));
        assert_ne!(key("a idea"), key("A.I"));
        assert_eq!(key("learnings"), key("learning"));
        assert_ne!(key("learn"), key("learning"));
    }

    #[test]
    fn anchors_avoid_common_word_starts() {
        let anchor = |form: &str| {
            let mut n = Vec::new();
            normalize_into(form.as_bytes(), &mut n);
            let norm = &n[1..form.len() + 1];
            let (off, tok) = anchor_of(norm);
            form[off..off + tok.len()].to_string()
        };
        // "an" is the second most common start: "and" would stop the search at every "and".
        assert_eq!(anchor("AI and ML"), "AI");
        assert_eq!(anchor("machine learning"), "learning");
        assert_eq!(anchor("the Gemini Tower"), "Gemini");
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
