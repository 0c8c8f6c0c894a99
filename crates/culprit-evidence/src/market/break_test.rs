//! The break test: the exposure index of the jobs cut before and after a month (2022-11, when
//! ChatGPT came out), each with a confidence interval from a moving-block bootstrap over months.
//!
//! Rule: the index of a window is pooled, sum over its months of jobs x industry exposure,
//! divided by its jobs, divided by the employment baseline's exposure (months weigh by their jobs,
//! as the question is about the jobs cut). The bootstrap draws blocks of consecutive months
//! (length `block_months`) with replacement from each window, up to the window's length, `reps`
//! times from a seeded ChaCha generator; the interval is the 2.5th and 97.5th percentiles. Blocks
//! keep the months' autocorrelation (a wave of notices spans months). Months with no jobs count
//! as months. Draws whose months have no jobs at all are skipped and counted.

use super::Month;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// How the bootstrap runs (all overridable on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BootstrapOptions {
    pub block_months: usize,
    pub reps: usize,
    pub seed: u64,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions { block_months: 6, reps: 2000, seed: 2025 }
    }
}

/// One month of the series: jobs and jobs x exposure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthSum {
    pub month: Month,
    pub jobs: f64,
    pub weighted: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub months: usize,
    pub jobs: f64,
    /// Pooled exposure of the jobs cut.
    pub jobs_exposure: Option<f64>,
    pub index: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakTest {
    pub break_month: Month,
    pub employment_exposure: f64,
    pub before: Window,
    pub after: Window,
    /// after - before, with its interval (the windows resampled independently).
    pub difference: Option<f64>,
    pub difference_ci_low: Option<f64>,
    pub difference_ci_high: Option<f64>,
    /// Share of draws in which the index after is not above the index before.
    pub share_draws_not_higher_after: Option<f64>,
    pub bootstrap: BootstrapOptions,
    pub skipped_draws: usize,
    pub confidence: f64,
    pub excluded_months: Vec<Month>,
    pub method: String,
}

fn pooled(ms: &[MonthSum]) -> Option<f64> {
    let j: f64 = ms.iter().map(|m| m.jobs).sum();
    (j > 0.0).then(|| ms.iter().map(|m| m.weighted).sum::<f64>() / j)
}

/// One moving-block resample of a window: (jobs, weighted) summed.
fn draw(ms: &[MonthSum], block: usize, rng: &mut ChaCha8Rng) -> (f64, f64) {
    let n = ms.len();
    let b = block.clamp(1, n);
    let (mut j, mut w, mut taken) = (0.0, 0.0, 0);
    while taken < n {
        let start = rng.gen_range(0..=n - b);
        for m in &ms[start..start + b] {
            if taken == n {
                break;
            }
            j += m.jobs;
            w += m.weighted;
            taken += 1;
        }
    }
    (j, w)
}

fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = p * (sorted.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64))
}

/// Run the test on monthly sums (already without the excluded months, which are listed).
pub fn run(months: &[MonthSum], break_month: Month, employment_exposure: f64, opts: BootstrapOptions, excluded: Vec<Month>) -> BreakTest {
    let before: Vec<MonthSum> = months.iter().copied().filter(|m| m.month < break_month).collect();
    let after: Vec<MonthSum> = months.iter().copied().filter(|m| m.month >= break_month).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let (mut ib, mut ia, mut diffs) = (Vec::new(), Vec::new(), Vec::new());
    let mut skipped = 0usize;
    let mut not_higher = 0usize;
    if !before.is_empty() && !after.is_empty() && employment_exposure > 0.0 {
        for _ in 0..opts.reps {
            let (jb, wb) = draw(&before, opts.block_months, &mut rng);
            let (ja, wa) = draw(&after, opts.block_months, &mut rng);
            if jb <= 0.0 || ja <= 0.0 {
                skipped += 1;
                continue;
            }
            let (b, a) = (wb / jb / employment_exposure, wa / ja / employment_exposure);
            ib.push(b);
            ia.push(a);
            diffs.push(a - b);
            if a <= b {
                not_higher += 1;
            }
        }
    }
    for v in [&mut ib, &mut ia, &mut diffs] {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    let window = |ms: &[MonthSum], draws: &[f64]| {
        let e = pooled(ms);
        Window {
            from: ms.first().map(|m| m.month),
            to: ms.last().map(|m| m.month),
            months: ms.len(),
            jobs: ms.iter().map(|m| m.jobs).sum(),
            jobs_exposure: e,
            index: e.filter(|_| employment_exposure > 0.0).map(|e| e / employment_exposure),
            ci_low: percentile(draws, 0.025),
            ci_high: percentile(draws, 0.975),
        }
    };
    let b = window(&before, &ib);
    let a = window(&after, &ia);
    let ok = !diffs.is_empty();
    BreakTest {
        break_month,
        employment_exposure,
        difference: a.index.zip(b.index).map(|(a, b)| a - b),
        difference_ci_low: percentile(&diffs, 0.025),
        difference_ci_high: percentile(&diffs, 0.975),
        share_draws_not_higher_after: ok.then(|| not_higher as f64 / diffs.len() as f64),
        before: b,
        after: a,
        bootstrap: opts,
        skipped_draws: skipped,
        confidence: 0.95,
        excluded_months: excluded,
        method: format!(
            "pooled index (jobs x industry exposure / jobs / employment exposure) of the months before {break_month} and from {break_month} on; 95% interval from a moving-block bootstrap over months (blocks of {} months, {} draws, seed {}), each window resampled on its own",
            opts.block_months, opts.reps, opts.seed
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(before: f64, after: f64, n: usize) -> Vec<MonthSum> {
        (0..n)
            .map(|i| {
                let month = Month::new(2021, 1).plus(i as i32);
                let e = if month < Month::new(2022, 11) { before } else { after };
                // Noise that averages out: +-0.02 alternating, jobs varying.
                let e = e + if i % 2 == 0 { 0.02 } else { -0.02 };
                let jobs = 100.0 + (i % 5) as f64 * 20.0;
                MonthSum { month, jobs, weighted: jobs * e }
            })
            .collect()
    }

    #[test]
    fn a_real_shift_is_found_and_the_interval_excludes_zero() {
        let s = series(0.20, 0.30, 48);
        let t = run(&s, Month::new(2022, 11), 0.25, BootstrapOptions::default(), vec![]);
        assert_eq!(t.before.months, 22);
        assert_eq!(t.after.months, 26);
        let (b, a) = (t.before.index.unwrap(), t.after.index.unwrap());
        assert!((b - 0.8).abs() < 0.01 && (a - 1.2).abs() < 0.01, "{b} {a}");
        assert!(t.before.ci_low.unwrap() <= b && b <= t.before.ci_high.unwrap());
        assert!(t.difference_ci_low.unwrap() > 0.0, "{t:?}");
        assert_eq!(t.share_draws_not_higher_after, Some(0.0));
    }

    #[test]
    fn no_shift_gives_an_interval_around_zero_and_the_seed_fixes_it() {
        let s = series(0.25, 0.25, 48);
        let t = run(&s, Month::new(2022, 11), 0.25, BootstrapOptions::default(), vec![]);
        assert!(t.difference_ci_low.unwrap() < 0.0 && t.difference_ci_high.unwrap() > 0.0, "{t:?}");
        let again = run(&s, Month::new(2022, 11), 0.25, BootstrapOptions::default(), vec![]);
        assert_eq!(t, again);
        let other = run(&s, Month::new(2022, 11), 0.25, BootstrapOptions { seed: 7, ..Default::default() }, vec![]);
        assert_ne!(t.difference_ci_low, other.difference_ci_low);
    }

    #[test]
    fn an_empty_window_gives_no_interval() {
        let s = series(0.2, 0.3, 10);
        let t = run(&s, Month::new(2022, 11), 0.25, BootstrapOptions::default(), vec![]);
        assert_eq!(t.after.months, 0);
        assert_eq!(t.after.index, None);
        assert_eq!(t.difference, None);
        assert_eq!(t.difference_ci_low, None);
    }

    #[test]
    fn blocks_cover_the_window_length() {
        let s = series(0.2, 0.2, 7);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..50 {
            let (j, _) = draw(&s, 3, &mut rng);
            // 7 months of 100..180 jobs each.
            assert!((700.0..=1260.0).contains(&j), "{j}");
        }
    }
}
