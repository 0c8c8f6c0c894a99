//! The title index: every O*NET occupation title, alternate title, short title and reported title,
//! normalised; unique normalised forms are the documents. An exact map from the normalised form, an
//! inverted index over words with idf weights, and a trigram index over the vocabulary (to mend
//! typos in words the index does not know).

use crate::abbreviations::learn_acronyms;
use crate::normalize::Normalizer;
use ahash::{AHashMap, AHashSet};
use culprit_data::{Catalog, TitleKind};
use serde::{Deserialize, Serialize};

/// See [`TitleIndex::staff_heads`]: the fewest titles that must end in a word, and the largest
/// share of them under management occupations. In O*NET 29.2 "associate" ends 378 titles, 0.5%
/// of them management; "specialist" 2,088 (1.3%); "supervisor" 1,768 (8.9%); "coordinator" 728
/// (19%).
pub const STAFF_HEAD_MIN_TITLES: usize = 30;
pub const STAFF_HEAD_MAX_MGMT: f64 = 0.02;

fn staff_heads(docs: &[Doc], soc_mgmt: &[bool]) -> Vec<u32> {
    let mut by_head: AHashMap<u32, (usize, usize)> = AHashMap::new();
    for d in docs {
        let e = by_head.entry(d.head).or_default();
        e.0 += 1;
        e.1 += d.socs.iter().any(|&s| soc_mgmt[s as usize]) as usize;
    }
    let mut out: Vec<u32> = by_head.into_iter().filter(|(_, (n, m))| *n >= STAFF_HEAD_MIN_TITLES && (*m as f64) < STAFF_HEAD_MAX_MGMT * *n as f64).map(|(h, _)| h).collect();
    out.sort_unstable();
    out
}

/// One unique normalised title.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc {
    pub tokens: Box<[u32]>,
    /// Sum of squared idf of the tokens (the document's norm for cosine scoring).
    pub norm: f32,
    pub inv_sqrt_norm: f32,
    /// The last token: the head noun.
    pub head: u32,
    /// (occupation index into `Catalog::occupations`, title index into `Catalog::titles`, SOC
    /// index into `Catalog::socs`).
    pub entries: Vec<(u32, u32, u32)>,
    /// Distinct SOC indices (into `Catalog::socs`) of the entries.
    pub socs: Box<[u32]>,
}

/// What scoring needs of one indexed title, in 16 bytes (a quarter of a cache line): the scorer
/// reads one of these per candidate title instead of chasing the `Doc`'s boxed slices. Scoring
/// is bound by memory latency on these cards, so they are kept small: word and SOC ids fit in 16
/// bits (the index has about 9,700 words and 900 SOC codes; a larger index gets no cards).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[repr(C, align(16))]
pub struct DocCard {
    pub inv_sqrt_norm: f32,
    /// The title's SOC index when it has one SOC code (most titles), else `u16::MAX` (use
    /// `Doc::socs`).
    pub soc: u16,
    /// Distinct tokens, the head noun first, padded with `u16::MAX` (never a word id); all
    /// `u16::MAX` when the title has more distinct tokens than fit (use `Doc`).
    pub tokens: [u16; 5],
}

impl DocCard {
    /// The card holds the title's tokens (false: the title is longer, read the `Doc`).
    #[inline]
    pub fn complete(&self) -> bool {
        self.tokens[0] != u16::MAX
    }

    /// Whether the card holds word `t`, given `pat = lanes(t)`: the first four word ids are
    /// compared at once, as the 16-bit lanes of a `u64`. This runs for every query word on every
    /// scored title; `|`, not `||`, so that it costs one hard-to-predict branch, not two (see
    /// `docs/titles.md` §6, round 4).
    #[inline]
    pub fn holds(&self, t: u16, pat: u64) -> bool {
        let [a, b, c, d, e] = self.tokens;
        let four = a as u64 | (b as u64) << 16 | (c as u64) << 32 | (d as u64) << 48;
        has_zero_lane(four ^ pat) | (e == t)
    }
}

/// Word id `t` in each of the four 16-bit lanes of a `u64` (for [`DocCard::holds`]).
#[inline]
pub fn lanes(t: u16) -> u64 {
    t as u64 * 0x0001_0001_0001_0001
}

/// Whether some 16-bit lane of `x` is zero. The classic bit trick: a lane's borrow can only
/// mark lanes above a zero lane, so the answer to "is any lane zero" is exact.
#[inline]
fn has_zero_lane(x: u64) -> bool {
    x.wrapping_sub(0x0001_0001_0001_0001) & !x & 0x8000_8000_8000_8000 != 0
}

/// An exact-map value: the document and, when it has one SOC code (most), the answer itself, so
/// that an exact match reads nothing beyond the hash map's own entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExactHit {
    pub doc: u32,
    /// The SOC index when the document has one SOC code, else `u32::MAX`.
    pub soc: u32,
    /// The occupation and catalog title of the document's first entry.
    pub occupation: u32,
    pub title: u32,
}

#[derive(Serialize, Deserialize)]
pub struct TitleIndex {
    pub normalizer: Normalizer,
    /// One card per doc (same order as `docs`).
    pub cards: Vec<DocCard>,
    /// The SOC indices of every doc, concatenated in doc order; doc `d`'s are
    /// `soc_flat[soc_start[d]..soc_start[d + 1]]` (the same as `Doc::socs`, in two dense arrays
    /// the scorer reads instead of chasing each `Doc`).
    pub soc_start: Vec<u32>,
    pub soc_flat: Vec<u32>,
    pub vocab: AHashMap<String, u32>,
    pub words: Vec<String>,
    pub idf: Vec<f32>,
    pub docs: Vec<Doc>,
    /// Normalised form -> what an exact match needs (see [`ExactHit`]).
    pub exact: AHashMap<String, ExactHit>,
    /// Per doc: its first entry (occupation, title, SOC index), in a dense array: the ranked
    /// occupations look up their title here without following the `Doc` (two cache misses).
    pub first_entry: Vec<(u32, u32, u32)>,
    pub postings: Vec<Vec<u32>>,
    /// Per word: the card of each title of its posting list, in list order (a copy of
    /// `cards[d]`). The scorer walks these in sequence instead of reading one card per title at a
    /// random place of `cards`: scoring was bound by those cache misses (16 bytes a posting;
    /// about 2 MB for the O*NET index).
    pub posting_cards: Vec<Box<[DocCard]>>,
    /// (trigram, first letter) -> the words (ids ascending) of that first letter with that
    /// trigram: mending only considers words of the same first letter, so it counts only those.
    trigrams: AHashMap<([u8; 3], u8), Vec<u32>>,
    /// Per first letter (a-z): word ids, most frequent first (see [`TitleIndex::abbreviation`]).
    by_letter: Vec<Vec<u32>>,
    /// Per word: the longer indexed words it begins (4-8 letters, at least two letters more),
    /// most frequent first (see [`TitleIndex::expansion_with`]); empty for most words.
    longer: Vec<Box<[u32]>>,
    pub max_idf: f32,
    /// Per SOC (index into `Catalog::socs`): log employment scaled to [0, 1] (0 when unknown), a
    /// prior that breaks near-ties towards the occupation more people hold.
    pub soc_prior: Vec<f32>,
    /// Per SOC: a management occupation (major group 11).
    pub soc_mgmt: Vec<bool>,
    /// Word ids of head nouns that name a manager (manager, director, president).
    pub manager_heads: Vec<u32>,
    /// Head nouns of staff roles, learned from the index: at least [`STAFF_HEAD_MIN_TITLES`]
    /// titles end in the word and fewer than [`STAFF_HEAD_MAX_MGMT`] of them are listed under a
    /// management occupation ("associate", "clerk", "technician", "analyst"; not "supervisor",
    /// "coordinator", "administrator"). Sorted.
    pub staff_heads: Vec<u32>,
    /// The second evidence channel: words of each SOC code's task statements and occupation
    /// descriptions. Word -> id.
    pub task_vocab: AHashMap<String, u32>,
    /// Per task word: its idf over SOC codes.
    pub task_idf: Vec<f32>,
    /// Per task word: (SOC index, weight) with weight `(1 + ln tf) idf / |SOC vector|`.
    pub task_postings: Vec<Box<[(u32, f32)]>>,
    /// Per title word (id in `vocab`): its task-word id, or `u32::MAX` when no task uses it.
    pub title_word_task: Vec<u32>,
    /// Per task word: its largest weight in `task_postings` (bounds what the channel can add).
    pub task_max_weight: Vec<f32>,
}

/// Which catalog titles go into the index.
pub fn default_kinds(kind: TitleKind) -> bool {
    matches!(kind, TitleKind::Occupation | TitleKind::Alternate | TitleKind::Short | TitleKind::Reported)
}

impl TitleIndex {
    /// Build the index from the catalog's titles, leaving out those for which `exclude(i)` is true
    /// (held-out evaluation removes a fold's titles this way).
    pub fn build(cat: &Catalog, exclude: &(dyn Fn(usize) -> bool + Sync)) -> TitleIndex {
        let kept: Vec<usize> = (0..cat.titles.len()).filter(|&i| default_kinds(cat.titles[i].kind) && !exclude(i)).collect();
        let learned = learn_acronyms(kept.iter().map(|&i| cat.titles[i].text.as_str()));
        let mut normalizer = Normalizer::new(learned);

        // Normalise in parallel: it is most of the build time.
        use rayon::prelude::*;
        let forms: Vec<(u32, Vec<Vec<String>>)> = kept
            .par_iter()
            .map(|&i| {
                let text = &cat.titles[i].text;
                let mut out = Vec::with_capacity(2);
                // "Registered Nurse (RN)": both the outer and the inner part name the title.
                match (text.find('('), text.rfind(')')) {
                    (Some(a), Some(b)) if a < b => {
                        let outer = format!("{} {}", &text[..a], &text[b + 1..]);
                        out.push(normalizer.index(&outer).core);
                        out.push(normalizer.index(&text[a + 1..b]).core);
                    }
                    _ => out.push(normalizer.index(text).core),
                }
                out.retain(|c| !c.is_empty());
                (i as u32, out)
            })
            .collect();

        let mut vocab: AHashMap<String, u32> = AHashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut exact: AHashMap<String, u32> = AHashMap::new();
        let mut docs: Vec<Doc> = Vec::new();
        for (ti, cores) in forms {
            let occ = cat.titles[ti as usize].occupation;
            for core in cores {
                let key = core.join(" ");
                let d = *exact.entry(key).or_insert_with(|| {
                    let tokens: Box<[u32]> = core
                        .iter()
                        .map(|w| {
                            *vocab.entry(w.clone()).or_insert_with(|| {
                                words.push(w.clone());
                                (words.len() - 1) as u32
                            })
                        })
                        .collect();
                    let head = *tokens.last().unwrap();
                    docs.push(Doc { tokens, norm: 0.0, inv_sqrt_norm: 0.0, head, entries: Vec::new(), socs: Box::new([]) });
                    (docs.len() - 1) as u32
                });
                let doc = &mut docs[d as usize];
                if !doc.entries.iter().any(|e| e.0 == occ) {
                    doc.entries.push((occ, ti, cat.occupations[occ as usize].soc_index));
                }
            }
        }
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); words.len()];
        let mut last_count = vec![0u32; words.len()];
        for (d, doc) in docs.iter_mut().enumerate() {
            let mut uniq: Vec<u32> = doc.tokens.to_vec();
            uniq.sort_unstable();
            uniq.dedup();
            for t in uniq {
                postings[t as usize].push(d as u32);
            }
            last_count[doc.head as usize] += 1;
            let mut socs: Vec<u32> = doc.entries.iter().map(|e| e.2).collect();
            socs.sort_unstable();
            socs.dedup();
            doc.socs = socs.into();
        }
        let exact: AHashMap<String, ExactHit> = exact
            .into_iter()
            .map(|(key, d)| {
                let doc = &docs[d as usize];
                let soc = if doc.socs.len() == 1 { doc.socs[0] } else { u32::MAX };
                (key, ExactHit { doc: d, soc, occupation: doc.entries[0].0, title: doc.entries[0].1 })
            })
            .collect();
        let first_entry = docs.iter().map(|d| d.entries[0]).collect();
        let n = docs.len() as f32;
        let idf: Vec<f32> = postings.iter().map(|p| (1.0 + n / p.len().max(1) as f32).ln()).collect();
        let max_idf = idf.iter().copied().fold(0.0, f32::max);
        for doc in docs.iter_mut() {
            doc.norm = doc.tokens.iter().map(|&t| idf[t as usize] * idf[t as usize]).sum();
            doc.inv_sqrt_norm = 1.0 / doc.norm.sqrt();
        }
        // Each posting list runs from the shortest title (largest 1/sqrt(norm)) to the longest:
        // the scorer walks the lists of common words only while a title could still score
        // above the cut-off, and the bound on what a title can score falls along the list.
        for p in postings.iter_mut() {
            p.sort_by(|&a, &b| docs[b as usize].inv_sqrt_norm.total_cmp(&docs[a as usize].inv_sqrt_norm).then(a.cmp(&b)));
        }
        // Head nouns: words that end a good share of the titles they appear in.
        let heads: AHashSet<String> = (0..words.len())
            .filter(|&t| last_count[t] >= 3 && last_count[t] * 4 >= postings[t].len() as u32)
            .map(|t| words[t].clone())
            .collect();
        normalizer.set_heads(heads);

        let mut trigrams: AHashMap<([u8; 3], u8), Vec<u32>> = AHashMap::new();
        for (t, w) in words.iter().enumerate() {
            if w.len() >= 4 {
                for g in trigrams_of(w) {
                    trigrams.entry((g, w.as_bytes()[0])).or_default().push(t as u32);
                }
            }
        }
        let max_emp = cat.socs.iter().filter_map(|s| s.employment).fold(1.0f64, f64::max).ln_1p();
        let soc_prior = cat.socs.iter().map(|s| s.employment.map_or(0.0, |e| (e.ln_1p() / max_emp) as f32)).collect();
        let cards: Vec<DocCard> = docs
            .iter()
            .map(|d| {
                let mut uniq: Vec<u32> = vec![d.head];
                for &t in d.tokens.iter() {
                    if !uniq.contains(&t) {
                        uniq.push(t);
                    }
                }
                let soc = if d.socs.len() == 1 && d.socs[0] < u16::MAX as u32 { d.socs[0] as u16 } else { u16::MAX };
                let mut c = DocCard { inv_sqrt_norm: d.inv_sqrt_norm, soc, tokens: [u16::MAX; 5] };
                if uniq.len() <= c.tokens.len() && words.len() < u16::MAX as usize {
                    for (slot, &t) in c.tokens.iter_mut().zip(&uniq) {
                        *slot = t as u16;
                    }
                }
                c
            })
            .collect();
        let mut soc_start = Vec::with_capacity(docs.len() + 1);
        let mut soc_flat = Vec::new();
        for d in &docs {
            soc_start.push(soc_flat.len() as u32);
            soc_flat.extend_from_slice(&d.socs);
        }
        soc_start.push(soc_flat.len() as u32);
        let posting_cards = postings.iter().map(|p| p.iter().map(|&d| cards[d as usize]).collect()).collect();
        let soc_mgmt: Vec<bool> = cat.socs.iter().map(|s| s.soc.starts_with("11-")).collect();
        let manager_heads = ["manager", "director", "president"].iter().filter_map(|w| vocab.get(*w).copied()).collect();
        let staff_heads = staff_heads(&docs, &soc_mgmt);
        let (task_vocab, task_idf, task_postings) = build_task_index(cat, &normalizer);
        normalizer.learn_vocabulary(words.iter().cloned().collect(), task_vocab.keys().filter(|w| !vocab.contains_key(w.as_str())).cloned().collect());
        let title_word_task = words.iter().map(|w| task_vocab.get(w.as_str()).copied().unwrap_or(u32::MAX)).collect();
        let task_max_weight = task_postings.iter().map(|p| p.iter().map(|x| x.1).fold(0.0, f32::max)).collect();

        // Per first letter: the indexed words, most frequent first (abbreviation expansion takes
        // the most common word an abbreviation can stand for).
        let mut by_letter: Vec<Vec<u32>> = vec![Vec::new(); 26];
        for (t, w) in words.iter().enumerate() {
            if let Some(&c) = w.as_bytes().first().filter(|c| c.is_ascii_lowercase()) {
                by_letter[(c - b'a') as usize].push(t as u32);
            }
        }
        for l in &mut by_letter {
            l.sort_by_key(|&t| (std::cmp::Reverse(postings[t as usize].len()), t));
        }
        let longer = words
            .iter()
            .map(|w| {
                let b = w.as_bytes();
                if !(4..=8).contains(&b.len()) || !b.iter().all(|c| c.is_ascii_lowercase()) {
                    return Box::default();
                }
                by_letter[(b[0] - b'a') as usize].iter().copied().filter(|&t| words[t as usize].len() > b.len() + 1 && words[t as usize].as_bytes().starts_with(b)).collect()
            })
            .collect();
        TitleIndex {
            by_letter,
            longer,
            soc_mgmt,
            manager_heads,
            staff_heads,
            normalizer,
            cards,
            soc_start,
            soc_flat,
            vocab,
            words,
            idf,
            docs,
            exact,
            first_entry,
            postings,
            posting_cards,
            trigrams,
            max_idf,
            soc_prior,
            task_vocab,
            task_idf,
            task_postings,
            task_max_weight,
            title_word_task,
        }
    }

    /// The indexed word an unknown word abbreviates is learned from the index's own vocabulary
    /// (no list): this, or [`TitleIndex::skeleton`] (the scorer tries a typo between the two).
    /// Employers cut words short ("Strat", "Procur", "Indust", "Emerg", "Radiol"): a word of 4-8
    /// letters that begins indexed words at least two letters longer is read as the most
    /// frequent of them. Three letters are too few to tell a cut word from an acronym ("MSW",
    /// "AWS", "SME" are not cut words).
    pub fn truncation(&self, w: &str) -> Option<u32> {
        let b = abbreviation_shaped(w)?;
        self.by_letter[(b[0] - b'a') as usize].iter().copied().find(|&t| {
            let cand = self.words[t as usize].as_bytes();
            cand.len() > b.len() + 1 && cand.starts_with(b)
        })
    }

    /// Employers drop vowels ("Spclst", "Secrty", "Mktg", "Engrng"): a word of 4-8 letters with
    /// at most one vowel after its first letter is read as the most frequent indexed word of the
    /// same first and last letter that holds its letters in order. A word with more vowels is a
    /// word or a typo, not a skeleton ("Amazon" is not "Americanization").
    pub fn skeleton(&self, w: &str) -> Option<u32> {
        let b = abbreviation_shaped(w)?;
        if b[1..].iter().filter(|c| b"aeiou".contains(c)).count() > 1 {
            return None;
        }
        let subsequence = |long: &[u8]| {
            let mut it = long.iter();
            b.iter().all(|c| it.any(|x| x == c))
        };
        self.by_letter[(b[0] - b'a') as usize].iter().copied().find(|&t| {
            let cand = self.words[t as usize].as_bytes();
            cand.len() > b.len() + 1 && cand.last() == b.last() && subsequence(cand)
        })
    }

    /// Whether O*NET's task statements or occupation descriptions use the word: it is a word of
    /// the language, not a typo or an abbreviation, even where no title uses it ("Rotation",
    /// "Dollar", "Required", "Localization").
    pub fn is_plain_word(&self, w: &str) -> bool {
        self.task_vocab.contains_key(w)
    }

    /// A known word read as the longer word it begins, from the company it keeps: "Intel" in
    /// "Business Intel Engineer" is "intelligence", because no indexed title holds "intel"
    /// beside "business" or "engineer" while "intelligence" stands beside "business"
    /// ("Business Intelligence Analyst"). `w` must appear with none of `others` (the title's
    /// other known words that are not head nouns) in any indexed title, and the longer word with at least one; the most
    /// frequent such word is taken. Titles the index reads as written ("Data Entry Clerk") are
    /// never changed: their words keep company.
    pub fn expansion_with(&self, w: u32, others: &[u32]) -> Option<u32> {
        let longer = &self.longer[w as usize];
        if longer.is_empty() || others.is_empty() || others.iter().any(|&n| self.co_occur(w, n)) {
            return None;
        }
        longer.iter().copied().find(|&t| others.iter().any(|&n| self.co_occur(t, n)))
    }

    /// Whether word `w` begins longer indexed words (the only words [`TitleIndex::expansion_with`]
    /// can read otherwise).
    pub fn begins_longer_words(&self, w: u32) -> bool {
        !self.longer[w as usize].is_empty()
    }

    /// Some indexed title holds both words (walks the shorter posting list).
    fn co_occur(&self, a: u32, b: u32) -> bool {
        let (a, b) = if self.postings[a as usize].len() <= self.postings[b as usize].len() { (a, b) } else { (b, a) };
        self.postings[a as usize].iter().any(|&d| self.docs[d as usize].tokens.contains(&b))
    }

    /// The closest indexed word to an unknown word, by trigram Dice similarity (typos, missing
    /// letters, British spellings), or None when nothing is close enough.
    pub fn mend(&self, w: &str) -> Option<u32> {
        if w.len() < 4 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let grams = trigrams_of(w);
        // Trigram hits per word, counted in a reused per-thread array rather than a hash map.
        MEND_SCRATCH.with(|s| {
            let (counts, touched) = &mut *s.borrow_mut();
            if counts.len() < self.words.len() {
                counts.resize(self.words.len(), 0);
            }
            for g in &grams {
                if let Some(ts) = self.trigrams.get(&(*g, w.as_bytes()[0])) {
                    for &t in ts {
                        let c = &mut counts[t as usize];
                        if *c == 0 {
                            touched.push(t);
                        }
                        *c += 1;
                    }
                }
            }
            let mut best: Option<(f32, u32)> = None;
            for &t in touched.iter() {
                let c = std::mem::take(&mut counts[t as usize]);
                // Dice >= 0.6 needs at least 0.3 (|a| + |b|) shared trigrams; |b| >= c.
                if (c as f32) < 0.3 * (grams.len() as f32 + c as f32) {
                    continue;
                }
                // Misspellings rarely change a word's first letter; without this rule a rare real
                // word is "mended" into an unrelated one ("sortation" -> "deportation"). Only words
                // of the same first letter were counted (`trigrams`).
                let other = self.words[t as usize].len(); // a padded word of n letters has n trigrams
                let dice = 2.0 * c as f32 / (grams.len() + other) as f32;
                if dice < 0.6 {
                    continue;
                }
                // Fewest edits first (a typo is one or two keystrokes: "assistent" is "assistant",
                // not "assisted", which shares more trigrams), then more shared trigrams, then the
                // more common word: the likelier intent.
                let edits = strsim::damerau_levenshtein(w, &self.words[t as usize]) as f32;
                let key = -edits + 0.5 * dice + 1e-4 * (self.postings[t as usize].len() as f32).ln_1p();
                if best.is_none_or(|b| key > b.0) {
                    best = Some((key, t));
                }
            }
            touched.clear();
            best.map(|b| b.1)
        })
    }

    /// "salesassociate" -> sales + associate, when both halves are indexed words.
    pub fn split_compound(&self, w: &str) -> Option<(u32, u32)> {
        if w.len() < 7 || !w.is_ascii() {
            return None;
        }
        (3..w.len() - 2).find_map(|i| {
            let a = self.vocab.get(crate::normalize::stem_cow(&w[..i]).as_ref())?;
            let b = self.vocab.get(crate::normalize::stem_cow(&w[i..]).as_ref())?;
            Some((*a, *b))
        })
    }

    pub fn doc_key(&self, d: u32) -> String {
        self.docs[d as usize].tokens.iter().map(|&t| self.words[t as usize].as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// A word that may be an abbreviation: 4-8 ASCII lower-case letters (its bytes).
fn abbreviation_shaped(w: &str) -> Option<&[u8]> {
    let b = w.as_bytes();
    ((4..=8).contains(&b.len()) && b.iter().all(|c| c.is_ascii_lowercase())).then_some(b)
}

/// The task-word index: the words of each SOC code's task statements and the descriptions of its
/// O*NET occupations, tf-idf weighted and normalised per SOC code.
#[allow(clippy::type_complexity)]
fn build_task_index(cat: &Catalog, nz: &Normalizer) -> (AHashMap<String, u32>, Vec<f32>, Vec<Box<[(u32, f32)]>>) {
    use rayon::prelude::*;
    let n_socs = cat.socs.len();
    // Per SOC: its words (with repeats).
    let per_soc: Vec<Vec<String>> = (0..n_socs)
        .into_par_iter()
        .map(|s| {
            let mut words = Vec::new();
            for &o in &cat.socs[s].onet {
                let occ = &cat.occupations[o as usize];
                nz.plain_words(&occ.description, &mut words);
                for t in &cat.tasks[occ.tasks.0 as usize..occ.tasks.1 as usize] {
                    nz.plain_words(&t.text, &mut words);
                }
            }
            words
        })
        .collect();
    let mut vocab: AHashMap<String, u32> = AHashMap::new();
    let mut tf: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n_socs);
    for words in per_soc {
        let mut ids: Vec<u32> = words
            .into_iter()
            .map(|w| {
                let n = vocab.len() as u32;
                *vocab.entry(w).or_insert(n)
            })
            .collect();
        ids.sort_unstable();
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for id in ids {
            match counts.last_mut() {
                Some(c) if c.0 == id => c.1 += 1,
                _ => counts.push((id, 1)),
            }
        }
        tf.push(counts);
    }
    let mut df = vec![0u32; vocab.len()];
    for c in &tf {
        for &(w, _) in c {
            df[w as usize] += 1;
        }
    }
    let with_words = tf.iter().filter(|c| !c.is_empty()).count().max(1) as f32;
    let idf: Vec<f32> = df.iter().map(|&d| (1.0 + with_words / d.max(1) as f32).ln()).collect();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocab.len()];
    for (s, c) in tf.iter().enumerate() {
        let ws: Vec<f32> = c.iter().map(|&(w, n)| (1.0 + (n as f32).ln()) * idf[w as usize]).collect();
        let norm = ws.iter().map(|x| x * x).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
        for (&(w, _), x) in c.iter().zip(ws) {
            postings[w as usize].push((s as u32, x / norm));
        }
    }
    (vocab, idf, postings.into_iter().map(Vec::into_boxed_slice).collect())
}

thread_local! {
    /// Per word: trigrams shared with the word being mended; and the words touched.
    static MEND_SCRATCH: std::cell::RefCell<(Vec<u16>, Vec<u32>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// Padded character trigrams of a word ("^ab", "abc", ..., "yz$").
fn trigrams_of(w: &str) -> Vec<[u8; 3]> {
    let mut b = Vec::with_capacity(w.len() + 2);
    b.push(b'^');
    b.extend_from_slice(w.as_bytes());
    b.push(b'$');
    let mut g: Vec<[u8; 3]> = b.windows(3).map(|x| [x[0], x[1], x[2]]).collect();
    g.sort_unstable();
    g.dedup();
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigrams_are_padded_and_unique() {
        assert_eq!(trigrams_of("abab"), vec![*b"^ab", *b"ab$", *b"aba", *b"bab"]);
    }

    #[test]
    fn card_holds_exactly_its_words() {
        // Word ids that differ by one bit or one borrow from a held id must not match.
        let ids = [0u16, 1, 2, 0x00ff, 0x0100, 0x7fff, 0x8000, 0xfffe];
        for &w in &ids {
            for slot in 0..5 {
                let mut card = DocCard { inv_sqrt_norm: 1.0, soc: 0, tokens: [u16::MAX; 5] };
                card.tokens[slot] = w;
                for &t in &ids {
                    assert_eq!(card.holds(t, lanes(t)), t == w, "word {w} in slot {slot}, query {t}");
                }
            }
        }
        let card = DocCard { inv_sqrt_norm: 1.0, soc: 0, tokens: [1, 0, 3, 2, 5] };
        for t in 0..8u16 {
            assert_eq!(card.holds(t, lanes(t)), [1, 0, 3, 2, 5].contains(&t));
        }
    }
}
