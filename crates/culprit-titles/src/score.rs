//! Ranking of occupations for a normalised title, and the confidence of the first one.
//!
//! Score of an indexed title d for the query q: idf-weighted cosine over words,
//! `sum_{w in q and d} weight(w) idf(w)^2 / sqrt(|q| |d|)`, plus a bonus when both end in the same
//! head noun (in job titles the last word says what the job is: "Sales Engineer" is an engineer).
//! An occupation (six-digit SOC) scores its best title plus a small bonus for other titles of it
//! that also match well: when several occupations share a title ("Program Manager" is an
//! alternate title of 11-1021, 11-9151 and 11-9199), the one whose titles keep matching wins.

use crate::index::{lanes, DocCard, TitleIndex};
use crate::normalize::Normalized;
use std::cell::RefCell;

/// Weight of a word from a qualifier ("Payments" in "Engineer, Payments").
pub const CONTEXT_WEIGHT: f32 = 0.25;
/// Weight of a word split out of a compound ("salesassociate").
pub const COMPOUND_WEIGHT: f32 = 0.9;
/// Weight of a word mended from a typo.
pub const MENDED_WEIGHT: f32 = 0.8;
/// Bonus when the indexed title ends in the query's head noun. Chosen on the alternate-title
/// folds with the task channel on (0.15, 0.2, 0.25, 0.3, 0.35, 0.5: six-digit accuracy 39.39,
/// 39.95, 39.96, 39.45, 37.99, 31.37%; above 0.25 titles that share only the head noun start to
/// vote). 0.2 rather than 0.25: the same accuracy with a smaller calibration error before
/// refitting (0.034 against 0.061).
pub const HEAD_BONUS: f32 = 0.2;
/// Weight of the second evidence channel: the cosine between the query's core words and the
/// words of each SOC code's O*NET task statements and occupation descriptions, added to the
/// occupations the titles already rank. Chosen on the alternate-title folds (with head bonus
/// 0.15: 0, 0.1, 0.2, 0.4, 0.7, 1.0, 1.5 gave 39.06, 39.24, 39.28, 39.37, 39.27, 38.82, 37.74%;
/// with head bonus 0.2: 0.3, 0.5, 0.7 gave 39.88, 39.95, 39.84%). Using only the query words the
/// title index does not know was tried and rejected (39.08% at 0.2 and 0.4).
pub const TASK_WEIGHT: f32 = 0.5;
/// Weight of the other well-matching titles of an occupation.
pub const VOTE_BONUS: f32 = 0.4;
/// Titles below this score do not vote.
pub const VOTE_FLOOR: f32 = 0.5;
/// Unknown query words count in the query's norm at this share of the largest idf: a title with a
/// word the index has never seen matches less well than one without.
pub const UNKNOWN_IDF_SHARE: f32 = 0.6;

/// Titles scoring more than this below the best are not ranked.
pub const KEEP_BELOW_TOP: f32 = 0.5;

/// Weight of the industry prior (`IndustryPrior`, OEWS employment of the file's industry by
/// occupation), added to the candidates' scores when a file gives the employer's industry.
/// Chosen on the dev split of the real-title gold set (crates/culprit-titles/gold):
/// Six-digit accuracy on the dev split at weights 0, 0.15, 0.3, 0.5, 0.8: 68.2, 69.5, 70.1,
/// 70.1, 70.6%, calibration error 0.042, 0.053, 0.037, 0.037, 0.056; the long tail (whole set)
/// 64.0, 65.6, 66.8, 64.4, 63.6%. 0.3: the best tail and calibration for nearly the best accuracy.
/// A further penalty on occupations the industry shows no employment in was tried and rejected
/// (0.3, 0.6: dev 69.1, 68.5% against 70.0%): OEWS suppresses small cells, so "none shown" is
/// not "none".
pub const INDUSTRY_PRIOR_WEIGHT: f32 = 0.3;
/// Share of an occupation's national employment in government (OEWS) above which a private
/// industry that shows none of it excludes it from its titles' readings
/// (`IndustryPrior::exclude_absent`). At 0.9, about 30 occupations: tax examiners (100%),
/// judges, detectives (99%), court clerks, police, correctional officers, firefighters,
/// postal workers; not teachers or librarians, whom private employers also hire.
pub const PUBLIC_SHARE: f64 = 0.9;
/// Candidates ranked before the industry prior re-orders them.
pub const INDUSTRY_POOL: usize = 12;

/// Weight of the employment prior.
pub const PRIOR_WEIGHT: f32 = 0.0;

/// Bonus of a management occupation (SOC major group 11) when the query's head noun names a
/// manager (manager, director, president): "Payroll Manager" is listed under payroll clerks'
/// supervisors, compensation managers and, through its other payroll titles, payroll clerks;
/// the title says the holder manages. Chosen on the alternate-title folds (0, 0.1, 0.2, 0.3,
/// 0.5: six-digit accuracy 38.94, 39.01, 39.07, 39.05, 38.96%).
pub const MANAGEMENT_BONUS: f32 = 0.2;
/// Penalty on a management occupation (SOC major group 11) when the query's head noun names a
/// staff role (`TitleIndex::staff_heads`: "associate", "clerk", "technician"): "Delivery Station
/// Associate" is not a postmaster through O*NET's "Delivery Supervisor"; a manager title keeps
/// its own bonus. Real-title gold set, six digits, at 0, 0.1, 0.2, 0.4: all 70.9, 70.9, 70.8,
/// 70.8%, frozen 70.4% at each (0.2 lost "Principal, Product Mgmt - Tech" to project
/// management specialists).
pub const STAFF_MANAGEMENT_PENALTY: f32 = 0.1;
/// Bonus of the occupations that list the query's normalised form exactly, when several do: an
/// exact listing is stronger evidence than many partial matches voting for another occupation
/// ("Payroll Manager" is listed under 43-1011 and 11-3111; 43-3051 only has other payroll
/// titles). Held out, no title matches exactly, so the folds cannot measure this; it was chosen
/// on the hand-labelled development set (0, 0.1, 0.3: 79.2, 79.2, 80.2% with the management
/// bonus). An employment prior among the exact listings was tried there and rejected (weight 1,
/// 2, 4, 8 of the scaled log employment: 79.2, 79.2, 76.4, 74.5%).
pub const EXACT_LISTING_BONUS: f32 = 0.3;

/// The order of a ranking: best score first, ties by SOC index (so that it is deterministic).
pub fn by_score(a: &Ranked, b: &Ranked) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.soc_index.cmp(&b.soc_index))
}

/// One ranked occupation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ranked {
    pub soc_index: u32,
    pub occupation: u32,
    /// The catalog title that matched best (index into `Catalog::titles`).
    pub title: u32,
    pub doc: u32,
    pub score: f32,
}

#[derive(Debug, Clone, Default)]
pub struct Ranking {
    pub top: Vec<Ranked>,
    /// The normalised query equals an indexed title.
    pub exact: bool,
    /// Share of the query's core idf mass that the index knows (after mending).
    pub known: f32,
    pub mended: bool,
}

/// Posting lists longer than this belong to common words ("manager", "assistant"): they are
/// walked only while a title on them could still score above the cut-off (see [`rank`]).
pub const COMMON_POSTINGS: usize = 128;

#[derive(Default)]
struct Scratch {
    /// One bit per indexed title: scored for this query (cleared after it, from `hits`). The
    /// bit set (6 KB) stays in the first-level cache, a stamp per title (188 KB) did not.
    seen: Vec<u64>,
    /// (title, score, `DocCard::soc`) of every title kept for this query.
    hits: Vec<(u32, f32, u16)>,
    soc_best: Vec<(f32, u32)>,
    soc_votes: Vec<f32>,
    soc_touched: Vec<u32>,
    /// Occupation scores before the task channel (to find the k-th best).
    pre: Vec<f32>,
    /// Per SOC: the task-channel dot product being accumulated (zero between queries).
    soc_task: Vec<f32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Rank the occupations of `n_socs` SOC codes for a normalised title; the best `k`.
pub fn rank(ix: &TitleIndex, q: &Normalized, k: usize, n_socs: usize) -> Ranking {
    rank_with(ix, q, k, n_socs, COMMON_POSTINGS, true)
}

/// [`rank`] without the shortcut for a title listed under one occupation only: the other
/// occupations are ranked too (the industry prior may overrule a listing the industry does not
/// employ).
pub fn rank_beyond_exact(ix: &TitleIndex, q: &Normalized, k: usize, n_socs: usize) -> Ranking {
    rank_with(ix, q, k, n_socs, COMMON_POSTINGS, false)
}

/// [`rank`] scoring every title of every posting list (no pruning): the reference the pruned
/// ranking must equal (tests).
pub fn rank_exhaustive(ix: &TitleIndex, q: &Normalized, k: usize, n_socs: usize) -> Ranking {
    rank_with(ix, q, k, n_socs, usize::MAX, true)
}

fn rank_with(ix: &TitleIndex, q: &Normalized, k: usize, n_socs: usize, common_postings: usize, exact_shortcut: bool) -> Ranking {
    let mut out = Ranking::default();
    if q.core.is_empty() {
        return out;
    }
    // Exact match with one occupation: nothing to rank.
    let key = q.key();
    let exact_hit = ix.exact.get(key.as_str()).copied();
    if let Some(e) = exact_hit.filter(|e| e.soc != u32::MAX && exact_shortcut) {
        out.top.push(Ranked { soc_index: e.soc, occupation: e.occupation, title: e.title, doc: e.doc, score: 1.0 + HEAD_BONUS });
        out.exact = true;
        out.known = 1.0;
        return out;
    }
    let exact_doc = exact_hit.map(|e| e.doc);

    // Query terms.
    let mut terms: Vec<(u32, f32)> = Vec::with_capacity(q.core.len() + q.context.len() + 2);
    let mut qnorm = 0.0f32;
    let mut known = 0.0f32;
    let mut head = None;
    let last = q.core.len() - 1;
    // Per core word: its title-index id when the index knows it as written (else u32::MAX).
    let mut direct: Vec<u32> = Vec::with_capacity(q.core.len());
    let (ids, known_ids) = core_ids(ix, q);
    let mut others: Vec<u32> = Vec::with_capacity(known_ids.len());
    for (i, w) in q.core.iter().enumerate() {
        let mut add = |t: u32, wt: f32, terms: &mut Vec<(u32, f32)>| {
            if !terms.iter().any(|x| x.0 == t) {
                let idf = ix.idf[t as usize];
                terms.push((t, wt));
                qnorm += wt * idf * idf;
                known += wt * idf * idf;
            }
        };
        let read = read_word(ix, w, ids[i], &known_ids, &mut others);
        direct.push(match read {
            WordRead::Expanded(t) | WordRead::Known(t) => t,
            _ => u32::MAX,
        });
        match read {
            WordRead::Known(t) => {
                add(t, 1.0, &mut terms);
                if i == last {
                    head = Some(t);
                }
            }
            WordRead::Expanded(t) | WordRead::Mended(t) | WordRead::Abbreviation(t) => {
                add(t, MENDED_WEIGHT, &mut terms);
                if i == last {
                    head = Some(t);
                }
                out.mended = true;
            }
            WordRead::Compound(a, b) => {
                add(a, COMPOUND_WEIGHT, &mut terms);
                add(b, COMPOUND_WEIGHT, &mut terms);
                if i == last {
                    head = Some(b);
                }
                out.mended = true;
            }
            WordRead::Unknown => {
                let idf = ix.max_idf * UNKNOWN_IDF_SHARE;
                qnorm += idf * idf;
            }
        }
    }
    out.known = if qnorm > 0.0 { known / qnorm } else { 0.0 };
    // Second channel: the query's core words in the task statements and descriptions of each
    // SOC code (tf-idf cosine, see `TitleIndex::task_postings`); words no task names do not count.
    let mut task_q: Vec<(u32, f32)> = Vec::with_capacity(q.core.len());
    let mut task_qnorm = 0.0f32;
    for (w, &t) in q.core.iter().zip(&direct) {
        // A word the title index knows has its task id on hand (no second hash lookup).
        let tw = if t != u32::MAX { Some(ix.title_word_task[t as usize]).filter(|&x| x != u32::MAX) } else { ix.task_vocab.get(w.as_str()).copied() };
        if let Some(tw) = tw {
            let x = ix.task_idf[tw as usize];
            if !task_q.iter().any(|y| y.0 == tw) {
                task_q.push((tw, x));
                task_qnorm += x * x;
            }
        }
    }
    let task_inv = if task_qnorm > 0.0 { TASK_WEIGHT / task_qnorm.sqrt() } else { 0.0 };
    if terms.is_empty() {
        return out;
    }
    for w in &q.context {
        if let Some(&t) = ix.vocab.get(w.as_str()) {
            if !terms.iter().any(|x| x.0 == t) {
                let idf = ix.idf[t as usize];
                terms.push((t, CONTEXT_WEIGHT));
                qnorm += CONTEXT_WEIGHT * idf * idf;
            }
        }
    }

    // Each query term adds `weight idf^2` to the dot product of every title holding it.
    let adds: Vec<(u32, f32)> = terms.iter().map(|&(t, wt)| (t, wt * ix.idf[t as usize] * ix.idf[t as usize])).collect();
    let inv_q = 1.0 / qnorm.sqrt();
    let head_id = head.unwrap_or(u32::MAX);
    let head_bonus = HEAD_BONUS;
    let mgr_head = head.is_some_and(|h| ix.manager_heads.contains(&h));
    let staff_head = head.is_some_and(|h| ix.staff_heads.binary_search(&h).is_ok());
    // The terms as 16-bit ids for the cards (only complete cards are read so, and a card is
    // complete only when every word id fits in 16 bits).
    let adds16: Vec<(u16, u64, f32)> = adds.iter().map(|&(t, x)| (t as u16, lanes(t as u16), x)).collect();
    // A title of two or more words with no role noun at all ("Functional MKTG III", "Principal
    // Public Policy", "Sales Operations III") names a field, and its last word is the field:
    // titles holding that word anywhere take the head bonus, not only titles ending in it. Else
    // the rarest modifier wins ("Functional" -> "Functional Analyst", Computer Systems
    // Analysts). Gold set, six digits: dev 70.4 -> 71.3%, frozen 70.2 -> 70.4%, tail 66.8 ->
    // 68.0%; no title lost. With a role noun anywhere ("RN Float Pool") the rule is off: there
    // it sent a nurse to "Pool Lifeguard".
    let field_head = head.is_some() && q.core.len() >= 2 && !q.core.iter().any(|w| ix.normalizer.is_head(w));
    // A word id above 16 bits is on no complete card.
    let field16 = (field_head && head_id < u16::MAX as u32).then(|| (head_id as u16, lanes(head_id as u16)));
    let query = ScoringQuery { adds: &adds, adds16: &adds16, inv_q, head_id, field_head, field16 };
    let score_of = |card: &DocCard, d: u32| score_title(ix, &query, card, d);
    // Exact MaxScore-style pruning. Titles that hold a rare query word are all scored (their
    // lists are short). A title that holds only common words scores at most
    // `common_mass * inv_q / sqrt(norm) + HEAD_BONUS`, which falls along a common word's posting
    // list (sorted from the shortest title); the walk stops once that bound is below the lowest
    // cut-off the final floor `min(top - KEEP_BELOW_TOP, VOTE_FLOOR)` can have, given the best
    // score seen so far. Titles skipped so are exactly those the full scan would have dropped.
    let common_mass: f32 = adds.iter().filter(|(t, _)| ix.postings[*t as usize].len() > common_postings).map(|x| x.1).sum();
    // A title without rare words can end in the query's head noun only if that word is common.
    let common_bonus = if head.is_some_and(|h| ix.postings[h as usize].len() > common_postings) { head_bonus } else { 0.0 };

    SCRATCH.with(|s| {
        let s = &mut *s.borrow_mut();
        if s.seen.len() < ix.docs.len().div_ceil(64) {
            s.seen.resize(ix.docs.len().div_ceil(64), 0);
        }
        // Marks title `d` as scored; false if it already was.
        let first_time = |seen: &mut [u64], d: u32| {
            let (word, bit) = (&mut seen[d as usize / 64], 1u64 << (d % 64));
            let new = *word & bit == 0;
            *word |= bit;
            new
        };
        if s.soc_best.len() < n_socs {
            s.soc_best.resize(n_socs, (0.0, 0));
            s.soc_votes.resize(n_socs, 0.0);
        }
        let mut top = 0.0f32;
        for &(t, _) in &adds {
            let post = &ix.postings[t as usize];
            if post.len() > common_postings {
                continue;
            }
            for (&d, card) in post.iter().zip(ix.posting_cards[t as usize].iter()) {
                // A title below the cut-off so far is below the final floor (the best score only
                // rises): it is not kept, nor marked (were it met again, it would score the same).
                let sc = score_of(card, d);
                if sc >= (top - KEEP_BELOW_TOP).min(VOTE_FLOOR) && first_time(&mut s.seen, d) {
                    top = top.max(sc);
                    s.hits.push((d, sc, card.soc));
                }
            }
        }
        for &(t, _) in &adds {
            let post = &ix.postings[t as usize];
            if post.len() <= common_postings {
                continue;
            }
            for (&d, card) in post.iter().zip(ix.posting_cards[t as usize].iter()) {
                let cut = (top - KEEP_BELOW_TOP).min(VOTE_FLOOR);
                if common_mass * inv_q * card.inv_sqrt_norm + common_bonus < cut {
                    break;
                }
                let sc = score_of(card, d);
                if sc >= cut && first_time(&mut s.seen, d) {
                    top = top.max(sc);
                    s.hits.push((d, sc, card.soc));
                }
            }
        }
        let floor = (top - KEEP_BELOW_TOP).min(VOTE_FLOOR);
        for &(d, score, card_soc) in &s.hits {
            // Every set bit belongs to a hit: clearing their words clears the set.
            s.seen[d as usize / 64] = 0;
            if score < floor {
                continue;
            }
            // Most titles have one SOC code, kept on the card (no chase through the `Doc`).
            let one = [card_soc as u32];
            let socs: &[u32] = if card_soc != u16::MAX { &one } else { &ix.soc_flat[ix.soc_start[d as usize] as usize..ix.soc_start[d as usize + 1] as usize] };
            for &soc in socs {
                let b = &mut s.soc_best[soc as usize];
                if b.0 == 0.0 && s.soc_votes[soc as usize] == 0.0 {
                    s.soc_touched.push(soc);
                }
                // The best title scores; the others vote.
                let loser = if score > b.0 {
                    let old = b.0;
                    *b = (score, d);
                    old
                } else {
                    score
                };
                if loser > VOTE_FLOOR {
                    s.soc_votes[soc as usize] += loser - VOTE_FLOOR;
                }
            }
        }
        s.hits.clear();
        let mut ranked: Vec<Ranked> = Vec::with_capacity(s.soc_touched.len());
        for &soc in &s.soc_touched {
            let (best, d) = s.soc_best[soc as usize];
            let votes = s.soc_votes[soc as usize];
            s.soc_best[soc as usize] = (0.0, 0);
            s.soc_votes[soc as usize] = 0.0;
            if best <= 0.0 {
                continue;
            }
            // ln_1p(0) = 0: most occupations have no votes, and the logarithm is not free.
            let vote = if votes > 0.0 { VOTE_BONUS * votes.ln_1p() } else { 0.0 };
            let mut score = best + vote + PRIOR_WEIGHT * ix.soc_prior.get(soc as usize).copied().unwrap_or(0.0);
            if mgr_head && ix.soc_mgmt[soc as usize] {
                score += MANAGEMENT_BONUS;
            }
            if staff_head && ix.soc_mgmt[soc as usize] {
                score -= STAFF_MANAGEMENT_PENALTY;
            }
            if exact_doc.is_some_and(|ed| ix.docs[ed as usize].socs.contains(&soc)) {
                score += EXACT_LISTING_BONUS;
            }
            // The occupation and title are looked up below, for the k kept only.
            ranked.push(Ranked { soc_index: soc, occupation: 0, title: 0, doc: d, score });
        }
        s.soc_touched.clear();
        if !task_q.is_empty() {
            // Exact pruning: the final k-th best score is at least the k-th best before the task
            // channel, so an occupation whose score plus the most the channel can add
            // (`task_bound`) stays below that cannot be kept, and its task words are not looked up.
            if common_postings != usize::MAX && k > 0 && ranked.len() > k {
                let task_bound = task_inv * task_q.iter().map(|&(tw, qw)| qw * ix.task_max_weight[tw as usize]).sum::<f32>() * 1.0001 + 1e-6;
                s.pre.clear();
                s.pre.extend(ranked.iter().map(|r| r.score));
                let (_, kth, _) = s.pre.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
                let cut = *kth - task_bound;
                ranked.retain(|r| r.score >= cut);
            }
            // Few occupations left: look each up (binary search); many: accumulate the words'
            // posting lists into a dense per-SOC array. Both sum the words in the same order.
            let walk: usize = task_q.iter().map(|&(tw, _)| ix.task_postings[tw as usize].len()).sum();
            if ranked.len() * task_q.len() * 8 < walk {
                for r in ranked.iter_mut() {
                    let mut dot = 0.0f32;
                    for &(tw, qw) in &task_q {
                        let post = &ix.task_postings[tw as usize];
                        if let Ok(i) = post.binary_search_by_key(&r.soc_index, |x| x.0) {
                            dot += qw * post[i].1;
                        }
                    }
                    r.score += task_inv * dot;
                }
            } else {
                if s.soc_task.len() < n_socs {
                    s.soc_task.resize(n_socs, 0.0);
                }
                for &(tw, qw) in &task_q {
                    for &(soc, w) in ix.task_postings[tw as usize].iter() {
                        s.soc_task[soc as usize] += qw * w;
                    }
                }
                for r in ranked.iter_mut() {
                    r.score += task_inv * s.soc_task[r.soc_index as usize];
                }
                for &(tw, _) in &task_q {
                    for &(soc, _) in ix.task_postings[tw as usize].iter() {
                        s.soc_task[soc as usize] = 0.0;
                    }
                }
            }
        }
        if ranked.len() > k {
            ranked.select_nth_unstable_by(k, by_score);
            ranked.truncate(k);
        }
        ranked.sort_by(by_score);
        for r in ranked.iter_mut() {
            // The occupation of this SOC code that the best title belongs to (every SOC of a
            // title comes from one of its entries).
            // Most titles have one SOC code: their first entry is the one.
            let first = ix.first_entry[r.doc as usize];
            let entry = if first.2 == r.soc_index { Some(first) } else { ix.docs[r.doc as usize].entries.iter().find(|e| e.2 == r.soc_index).copied() };
            if let Some((occupation, title, _)) = entry {
                r.occupation = occupation;
                r.title = title;
            }
        }
        out.top = ranked;
    });
    if let Some(t) = out.top.first() {
        out.exact = exact_doc == Some(t.doc) && ix.docs[t.doc as usize].tokens.len() == q.core.len();
    }
    out
}

/// How a core word of a title was read against the title index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordRead {
    /// As written.
    Known(u32),
    /// A known word read as the longer word whose company it keeps ("intel" -> "intelligence",
    /// [`TitleIndex::expansion_with`]).
    Expanded(u32),
    /// Split out of a compound ("salesassociate" -> "sales", "associate").
    Compound(u32, u32),
    /// Mended from a typo ([`TitleIndex::mend`]).
    Mended(u32),
    /// Read as the indexed word it abbreviates ("spclst" -> "specialist",
    /// [`TitleIndex::truncation`], [`TitleIndex::skeleton`]).
    Abbreviation(u32),
    /// Unknown to the index: it counts against every title.
    Unknown,
}

impl WordRead {
    /// What the reading is called in evidence and reports.
    pub fn kind(&self) -> &'static str {
        match self {
            WordRead::Known(_) => "known",
            WordRead::Expanded(_) => "expanded",
            WordRead::Compound(..) => "compound",
            WordRead::Mended(_) => "mended",
            WordRead::Abbreviation(_) => "abbreviation",
            WordRead::Unknown => "unknown",
        }
    }
}

/// The reading of core word `w` (`known_as`: its index id as written; `known_ids`: the ids of
/// the title's words the index knows as written), in the order the scorer trusts them: a known
/// word as written unless the company it keeps says it is short for a longer word, then a
/// compound, a typo, an abbreviation. `others` is scratch space.
fn read_word(ix: &TitleIndex, w: &str, known_as: Option<u32>, known_ids: &[u32], others: &mut Vec<u32>) -> WordRead {
    if let Some(t) = known_as {
        if known_ids.len() >= 2 && ix.begins_longer_words(t) {
            // Head nouns (manager, engineer, director) stand beside almost every word: only the
            // title's other qualifying words are company.
            others.clear();
            others.extend(known_ids.iter().copied().filter(|&x| x != t && !ix.normalizer.is_head(&ix.words[x as usize])));
            if let Some(e) = ix.expansion_with(t, others) {
                return WordRead::Expanded(e);
            }
        }
        return WordRead::Known(t);
    }
    if let Some((a, b)) = ix.split_compound(w) {
        // One keystroke from an indexed word is a typo, not a compound ("warehose").
        return match ix.mend(w).filter(|&t| strsim::damerau_levenshtein(w, &ix.words[t as usize]) == 1) {
            Some(t) => WordRead::Mended(t),
            None => WordRead::Compound(a, b),
        };
    }
    // A word of the language that no title uses is left as it is: reading it as another word
    // only invents evidence ("Rotation" was "reforestation", "Must" "metallurgist").
    if ix.is_plain_word(w) {
        return WordRead::Unknown;
    }
    // A cut word before a typo: "Emerg" is "emergency", not "emery".
    if let Some(t) = ix.truncation(w) {
        WordRead::Abbreviation(t)
    } else if let Some(t) = ix.mend(w) {
        WordRead::Mended(t)
    } else if let Some(t) = ix.skeleton(w) {
        WordRead::Abbreviation(t)
    } else {
        WordRead::Unknown
    }
}

/// Each core word's index id as written (looked up once), and the ids of those the index knows.
fn core_ids(ix: &TitleIndex, q: &Normalized) -> (Vec<Option<u32>>, Vec<u32>) {
    let ids: Vec<Option<u32>> = q.core.iter().map(|w| ix.vocab.get(w.as_str()).copied()).collect();
    let known = ids.iter().flatten().copied().collect();
    (ids, known)
}

/// How each core word of a normalised title is read (as the scorer reads it).
pub fn word_readings(ix: &TitleIndex, q: &Normalized) -> Vec<(String, WordRead)> {
    let (ids, known_ids) = core_ids(ix, q);
    let mut others = Vec::new();
    q.core.iter().zip(&ids).map(|(w, &id)| (w.clone(), read_word(ix, w, id, &known_ids, &mut others))).collect()
}

/// What scoring an indexed title needs of the query.
struct ScoringQuery<'a> {
    /// (word id, `weight idf^2`) of each term.
    adds: &'a [(u32, f32)],
    /// The same with 16-bit word ids and their [`lanes`] patterns, for the cards.
    adds16: &'a [(u16, u64, f32)],
    /// `1 / sqrt(|q|)`.
    inv_q: f32,
    /// The head noun's word id (`u32::MAX`: none).
    head_id: u32,
    /// Whether the head is a field word: any title holding it takes the head bonus.
    field_head: bool,
    /// The field head as a 16-bit id and its [`lanes`] pattern, for the cards.
    field16: Option<(u16, u64)>,
}

/// Score of indexed title `d` from its card (read from the posting list being walked). Inlined:
/// it runs for every scored title, and as a call it cost a third of its own instructions.
#[inline(always)]
fn score_title(ix: &TitleIndex, q: &ScoringQuery, card: &DocCard, d: u32) -> f32 {
    let (dot, doc_head, holds_field) = if card.complete() {
        // Fixed-size comparison against the padded card (no word id is u16::MAX).
        // Summed in term order from -0.0, as `Iterator::sum` does (identical scores).
        let mut dot = -0.0f32;
        for &(t, pat, x) in q.adds16 {
            if card.holds(t, pat) {
                dot += x;
            }
        }
        (dot, card.tokens[0] as u32, q.field16.is_some_and(|(t, pat)| card.holds(t, pat)))
    } else {
        let doc = &ix.docs[d as usize];
        let holds_field = q.field_head && doc.tokens.contains(&q.head_id);
        (q.adds.iter().filter(|(t, _)| doc.tokens.contains(t)).map(|x| x.1).sum(), doc.head, holds_field)
    };
    dot * q.inv_q * card.inv_sqrt_norm + if doc_head == q.head_id || holds_field { HEAD_BONUS } else { 0.0 }
}

/// How fast an alternative's share of the remaining probability falls with its score gap.
pub const ALT_SHARPNESS: f32 = 8.0;

/// Alternatives ranked (and over which the remaining probability is shared) however few are
/// shown, so that an alternative's probability does not depend on `top_k` up to 5 (with
/// `--top 2` the one alternative used to get all of it). A larger `top_k` shares over all shown.
pub const ALT_POOL: usize = 4;

/// The probability of each alternative (ranked after the pick, best first): the rest of the
/// probability, `1 - pick`, shared by `exp(ALT_SHARPNESS (score - best))` over all ranked
/// alternatives (at least `ALT_POOL` where that many occupations match), and never above the
/// pick's own probability: the calibration says how likely the pick is, and an alternative shown
/// as more likely than the pick would contradict the ranking. What a cap removes is left to
/// occupations not shown, so the shares may sum to less than `1 - pick`.
pub fn alternative_shares(pick: f32, best: f32, alternatives: &[Ranked]) -> Vec<f32> {
    let weights: Vec<f32> = alternatives.iter().map(|r| ((r.score - best) * ALT_SHARPNESS).exp()).collect();
    let total = weights.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    weights.iter().map(|w| ((1.0 - pick) * w / total).min(pick)).collect()
}

/// Logistic calibration of the first candidate: intercept, exact, top score, margin to the
/// second. Fitted by `eval::fit_calibration` on the dev split of the real-title gold set
/// (crates/culprit-titles/gold, 782 coded titles as employers write them, coded with their
/// department and industry: `culprit titles eval --gold ... --fit-calibration`), never on its
/// frozen split. Refitted after the field-head rule (round 7): frozen calibration error 0.048
/// -> 0.036 (dev 0.028 -> 0.028); the fit before it, [-0.550, 0.574, -0.004, 1.989], had
/// taken the frozen error from 0.053 to 0.045. The first constants were fitted on held-out O*NET
/// alternate titles, [-2.134, 0, 0.953, 2.756]: on real titles they were too sure of exact
/// listings and too unsure of weak matches. The margin to the second candidate carries most of
/// the weight; an exact listing of one occupation (score about 1.15, no second) gets about 0.9.
pub const CALIBRATION: [f32; 4] = [-0.516, 0.315, 0.094, 2.125];

/// Calibrated probability that the first candidate is the right six-digit SOC code.
pub fn confidence(exact: bool, top: f32, second: f32) -> f32 {
    confidence_with(&CALIBRATION, exact, top, second)
}

pub fn confidence_with(c: &[f32; 4], exact: bool, top: f32, second: f32) -> f32 {
    let x = features(exact, top, second);
    let z: f32 = c.iter().zip(x).map(|(a, b)| a * b).sum();
    let p = 1.0 / (1.0 + (-z).exp());
    if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The calibration features: 1, exact, top score, margin to the second.
pub fn features(exact: bool, top: f32, second: f32) -> [f32; 4] {
    [1.0, exact as u8 as f32, top, (top - second).max(0.0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(scores: &[f32]) -> Vec<Ranked> {
        scores.iter().map(|&score| Ranked { soc_index: 0, occupation: 0, title: 0, doc: 0, score }).collect()
    }

    #[test]
    fn no_alternative_is_shown_as_more_likely_than_the_pick() {
        // A weak pick (0.18) with three close runners-up: an even split of 0.82 would give each
        // 0.27, above the pick.
        let s = alternative_shares(0.18, 0.60, &ranked(&[0.59, 0.58, 0.57]));
        assert!(s.iter().all(|&p| p <= 0.18), "{s:?}");
        assert!(s.iter().sum::<f32>() <= 0.82 + 1e-6);
    }

    #[test]
    fn shares_follow_the_scores_and_sum_to_the_rest_when_uncapped() {
        let s = alternative_shares(0.7, 1.0, &ranked(&[0.9, 0.8, 0.5]));
        assert!(s[0] > s[1] && s[1] > s[2], "{s:?}");
        assert!((s.iter().sum::<f32>() - 0.3).abs() < 1e-5, "{s:?}");
        assert!(alternative_shares(0.9, 1.0, &[]).is_empty());
    }
}
