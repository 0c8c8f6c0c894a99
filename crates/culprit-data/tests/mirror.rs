//! Integration tests on the real upstream mirror (../shared/data). When CI=true a missing mirror
//! fails these tests; elsewhere they are skipped with a message.

use culprit_data::catalog::{Catalog, ExposureBasis};
use culprit_data::exposure::Measure;
use culprit_data::national::national_summary;
use culprit_data::registry::Registry;
use culprit_data::upstream;
use std::sync::OnceLock;

fn registry() -> Option<Registry> {
    culprit_data::registry::registry_for_tests()
}

fn catalog() -> Option<&'static Catalog> {
    static CAT: OnceLock<Option<Catalog>> = OnceLock::new();
    CAT.get_or_init(|| registry().map(|r| Catalog::build(&r).expect("catalog builds from the mirror"))).as_ref()
}

#[test]
fn occ_level_is_reproduced() {
    let Some(cat) = catalog() else { return };
    let reg = registry().unwrap();
    let published = upstream::read_occ_level(&reg.locate_verified("gpts_occ_level").unwrap()).unwrap();
    assert_eq!(published.len(), 923);
    let mut exact = 0;
    for (code, want) in &published {
        let occ = cat.occupation_by_code(code).unwrap_or_else(|| panic!("{code} missing from the catalog"));
        assert_eq!(occ.basis, ExposureBasis::LabelSet, "{code}");
        let got = occ.exposure.unwrap();
        for m in Measure::ALL {
            let (g, w) = (got[m as usize], want[m as usize]);
            // The published file was written by a different float summation order: values agree
            // to the last bit or to within one or two units in the last place.
            assert!((g - w).abs() <= 4.0 * f64::EPSILON * w.abs().max(1e-300), "{code} {}: {g} vs {w}", m.name());
            exact += (g == w) as usize;
        }
    }
    eprintln!("occ_level: {exact} of {} values bit-identical, all within 4 ulp", published.len() * 6);
}

#[test]
fn coverage_is_complete_and_counted() {
    let Some(cat) = catalog() else { return };
    let c = &cat.coverage;
    assert_eq!(c.onet_occupations, 1016);
    assert_eq!(c.onet_tasks, 18796);
    assert_eq!(c.onet_tasks_labeled + c.onet_tasks_unlabeled, c.onet_tasks);
    assert_eq!(c.label_tasks, 19265);
    assert_eq!(c.occupations_label_set + c.occupations_task_join + c.occupations_without_exposure, 1016);
    assert!(c.employment_total > 150e6 && c.employment_total < 160e6, "{}", c.employment_total);
    assert!(c.employment_covered / c.employment_total > 0.9, "{c:?}");
    // Every title points to an occupation; alternate and reported titles are all there.
    assert!(c.titles > 56_560 + 7_796);
    assert!(cat.titles.iter().all(|t| (t.occupation as usize) < cat.occupations.len()));
}

#[test]
fn software_developers_and_hr_managers_have_the_full_picture() {
    let Some(cat) = catalog() else { return };
    let sd = cat.soc_by_code("15-1252").expect("15-1252 in catalog");
    assert!(sd.employment.unwrap() > 1e6);
    assert!(sd.annual_median_wage.unwrap() > 100_000.0);
    assert!(sd.exposure.is_some() && sd.ai_applicability.is_some());
    let hr = cat.soc_by_code("11-3121").unwrap();
    assert_eq!(hr.title, "Human Resources Managers");
    let occ = &cat.occupations[hr.onet[0] as usize];
    assert!(cat.tasks_of(occ).iter().filter(|t| t.human.is_some()).count() > 10);
}

#[test]
fn national_figures_are_near_the_paper() {
    let Some(cat) = catalog() else { return };
    let s = national_summary(cat);
    let beta = s.iter().find(|m| m.measure == "human_beta").unwrap();
    assert!((0.70..=0.90).contains(&beta.share_ge_10pct), "{beta:?}");
    let alpha = s.iter().find(|m| m.measure == "human_alpha").unwrap();
    assert!((0.08..=0.25).contains(&alpha.mean), "{alpha:?}");
    for m in &s {
        assert!(m.share_ge_50pct <= m.share_ge_10pct && (0.0..=1.0).contains(&m.share_ge_10pct));
        assert!(m.covered_employment <= m.total_employment);
    }
}

#[test]
fn catalog_round_trips_through_its_file() {
    let Some(cat) = catalog() else { return };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.bin");
    cat.write(&p).unwrap();
    let back = Catalog::read(&p).unwrap();
    assert_eq!(back.occupations.len(), cat.occupations.len());
    assert_eq!(back.titles.len(), cat.titles.len());
    let mut bad = b"CULPRCAT".to_vec();
    bad.extend_from_slice(&culprit_data::catalog::FORMAT_VERSION.to_le_bytes());
    bad.extend_from_slice(b"garbage");
    std::fs::write(&p, bad).unwrap();
    assert!(Catalog::read(&p).unwrap_err().to_string().contains("corrupt"));
}

#[test]
fn observed_use_joins_most_of_the_release_and_reads_as_published() {
    let Some(cat) = catalog() else { return };
    let o = &cat.coverage.observed;
    assert_eq!(o.gap, None);
    assert_eq!(o.release_tasks, 3365);
    assert_eq!(o.merged_texts, 4);
    // Every text is counted once, by one rule; the shares add up to the whole release.
    let n: usize = o.by_rule.iter().map(|r| r.tasks).sum();
    let share: f64 = o.by_rule.iter().map(|r| r.usage).sum();
    assert_eq!(n + o.merged_texts, 3365);
    assert!((share - 1.0).abs() < 1e-9, "{share}");
    let rule = |r: &str| o.by_rule.iter().find(|x| x.rule == r).unwrap().clone();
    assert!(rule("text").usage > 0.8 && rule("task_id").tasks > 50 && rule("fuzzy").tasks > 20, "{:?}", o.by_rule);
    assert!(o.usage_matched > 0.9 && o.usage_matched < 0.99, "{}", o.usage_matched);
    // Software developers: created in the 2019 taxonomy, joined through their older codes.
    let sd = cat.soc_by_code("15-1252").unwrap().observed.expect("15-1252 has observed use");
    let theory = sd.theoretical.unwrap();
    let used = sd.exposure.unwrap();
    assert!(used > 0.2 && used < theory, "{sd:?}");
    // Computer and mathematical occupations: Anthropic's 2026 study finds about a third covered.
    let (mut num, mut den) = (0.0, 0.0);
    for s in cat.socs.iter().filter(|s| s.soc.starts_with("15-")) {
        if let (Some(e), Some(o)) = (s.employment, s.observed.and_then(|o| o.exposure)) {
            num += e * o;
            den += e;
        }
    }
    assert!((0.25..0.45).contains(&(num / den)), "{}", num / den);
    // Occupations without any listed task have no figure, never 0.
    assert!(cat.occupations.iter().any(|o| o.observed.is_none()));
    let national = national_summary(cat);
    let row = national.iter().find(|r| r.measure == "observed_exposure").unwrap();
    assert_eq!(row.usage_matched, Some(o.usage_matched));
    assert!(row.mean > 0.05 && row.mean < national.iter().find(|r| r.measure == "human_beta").unwrap().mean);
}
