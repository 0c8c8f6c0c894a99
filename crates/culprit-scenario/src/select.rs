//! A selector compiled against one organisation: dictionary codes, layer range, occupation
//! prefixes, exposure band, title pattern and ids, so matching a person is a few array reads.

use crate::spec::Selector;
use culprit_org::coder::Coding;
use culprit_org::raw::NONE;
use culprit_org::tree::Org;
use std::collections::HashSet;
use std::path::Path;

pub struct Compiled {
    dept: Option<Vec<bool>>,
    level: Option<Vec<bool>>,
    layer: Option<(u16, u16)>,
    /// Per occupation index of the coding: matches the SOC prefixes.
    occupation: Option<Vec<bool>>,
    exposure: Option<(f64, f64)>,
    /// Per title code: matches the title pattern.
    title: Option<Vec<bool>>,
    ids: Option<Vec<bool>>,
    pub managers_only: bool,
    pub ics_only: bool,
    /// Values the selector named that the organisation does not have (said as warnings).
    pub unknown: Vec<String>,
}

/// Person-level facts the selector and the economics read.
pub struct People<'a> {
    pub org: &'a Org,
    pub coding: &'a Coding,
    /// Exposure under the scenario's measure (NaN when uncoded).
    pub exposure: Vec<f64>,
    /// Lowest and highest exposure across the coder's measures (NaN when uncoded).
    pub exposure_low: Vec<f64>,
    pub exposure_high: Vec<f64>,
}

impl<'a> People<'a> {
    pub fn new(org: &'a Org, coding: &'a Coding, measure: &str) -> Result<People<'a>, String> {
        let mi = coding.measures.iter().position(|m| m == measure);
        if mi.is_none() && !coding.occupations.is_empty() {
            return Err(format!("the title coder gives no `{measure}` measure (it gives {})", coding.measures.join(", ")));
        }
        // Exposure per occupation, then per title code, then per person: titles repeat a lot.
        let occ: Vec<(f64, f64, f64)> = coding
            .occupations
            .iter()
            .map(|o| {
                let v = mi.map(|m| o.exposure[m]).unwrap_or(f64::NAN);
                let label: Vec<f64> = o.exposure.iter().zip(&coding.measures).filter(|(x, m)| x.is_finite() && !m.starts_with("ms_") && !m.starts_with("observed_")).map(|(x, _)| *x).collect();
                let lo = label.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = label.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if label.is_empty() {
                    (v, v, v)
                } else {
                    (v, lo, hi)
                }
            })
            .collect();
        let n = org.nodes();
        let mut exposure = vec![f64::NAN; n];
        let mut low = vec![f64::NAN; n];
        let mut high = vec![f64::NAN; n];
        for i in 0..n {
            if let Some(o) = coding.occupation_of(org, i) {
                (exposure[i], low[i], high[i]) = occ[o];
            }
        }
        Ok(People { org, coding, exposure, exposure_low: low, exposure_high: high })
    }
}

fn dict_mask(values: &[String], wanted: &[String], what: &str, unknown: &mut Vec<String>) -> Vec<bool> {
    let mut mask = vec![false; values.len()];
    for w in wanted {
        let wl = w.trim().to_lowercase();
        let mut hit = false;
        for (k, v) in values.iter().enumerate() {
            if v.trim().to_lowercase() == wl {
                mask[k] = true;
                hit = true;
            }
        }
        if !hit {
            unknown.push(format!("{what} `{w}` is not in the organisation"));
        }
    }
    mask
}

/// Levels: exact names, or a range "L5-L7" / "5-7" of levels with a common prefix.
fn level_mask(values: &[String], wanted: &[String], unknown: &mut Vec<String>) -> Vec<bool> {
    let mut mask = vec![false; values.len()];
    let split = |s: &str| -> Option<(String, i64)> {
        let s = s.trim();
        let d = s.find(|c: char| c.is_ascii_digit())?;
        let (p, n) = s.split_at(d);
        n.parse().ok().map(|n| (p.to_lowercase(), n))
    };
    for w in wanted {
        let mut hit = false;
        let range = w.split_once('-').and_then(|(a, b)| Some((split(a)?, split(b)?)));
        for (k, v) in values.iter().enumerate() {
            let m = match &range {
                Some(((pa, a), (_, b))) => split(v).is_some_and(|(p, x)| &p == pa && x >= *a && x <= *b),
                None => v.trim().eq_ignore_ascii_case(w.trim()),
            };
            if m {
                mask[k] = true;
                hit = true;
            }
        }
        if !hit {
            unknown.push(format!("level `{w}` matches no level of the organisation"));
        }
    }
    mask
}

impl Compiled {
    pub fn new(sel: &Selector, people: &People, base_dir: &Path) -> Result<Compiled, String> {
        let org = people.org;
        let mut unknown = Vec::new();
        let dept = (!sel.department.is_empty()).then(|| dict_mask(&org.department.values, &sel.department, "department", &mut unknown));
        let level = (!sel.level.is_empty()).then(|| level_mask(&org.level.values, &sel.level, &mut unknown));
        let occupation = (!sel.occupation.is_empty()).then(|| {
            people.coding.occupations.iter().map(|o| sel.occupation.iter().any(|p| o.soc.starts_with(p.trim()))).collect()
        });
        let title = match &sel.title {
            Some(t) => {
                let re = regex::RegexBuilder::new(t).case_insensitive(true).build().map_err(|e| format!("select.title: {e}"))?;
                Some(org.title.values.iter().map(|v| re.is_match(v)).collect())
            }
            None => None,
        };
        let mut wanted: Vec<String> = sel.ids.clone();
        if let Some(f) = &sel.ids_file {
            let p = base_dir.join(f);
            let text = std::fs::read_to_string(&p).map_err(|e| format!("select.ids_file {}: {e}", p.display()))?;
            wanted.extend(text.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty() && !l.starts_with('#')));
        }
        let ids = if wanted.is_empty() {
            None
        } else {
            let set: HashSet<&str> = wanted.iter().map(|s| s.as_str()).collect();
            let mut mask = vec![false; org.nodes()];
            let mut found = 0usize;
            for (i, m) in mask.iter_mut().enumerate() {
                if org.is_person(i) && set.contains(org.id(i)) {
                    *m = true;
                    found += 1;
                }
            }
            if found < set.len() {
                let present: HashSet<&str> = (0..org.nodes()).map(|i| org.id(i)).collect();
                let missing: Vec<&str> = set.iter().filter(|s| !present.contains(**s)).take(5).copied().collect();
                unknown.push(format!("{} listed ids are not in the organisation (for example {})", set.len() - found, missing.join(", ")));
            }
            Some(mask)
        };
        Ok(Compiled {
            dept,
            level,
            layer: sel.layer_range(),
            occupation,
            exposure: sel.exposure.map(|[a, b]| (a, b)),
            title,
            ids,
            managers_only: sel.managers_only,
            ics_only: sel.individual_contributors_only,
            unknown,
        })
    }

    /// Does person i match, given their current layer and whether they manage anyone now?
    /// `skip` names one criterion to ignore (to explain an empty selection).
    #[inline]
    pub fn matches(&self, i: usize, people: &People, layer: u16, is_manager: bool, skip: Option<&str>) -> bool {
        let org = people.org;
        let code_in = |mask: &Option<Vec<bool>>, code: u32| mask.as_ref().is_none_or(|m| code != NONE && m[code as usize]);
        (skip == Some("department") || code_in(&self.dept, org.department.codes[i]))
            && (skip == Some("level") || code_in(&self.level, org.level.codes[i]))
            && (skip == Some("title") || code_in(&self.title, org.title.codes[i]))
            && (skip == Some("layer") || self.layer.is_none_or(|(a, b)| layer >= a && layer <= b))
            && (skip == Some("ids") || self.ids.as_ref().is_none_or(|m| m[i]))
            && (skip == Some("managers_only") || !self.managers_only || is_manager)
            && (skip == Some("individual_contributors_only") || !self.ics_only || !is_manager)
            && (skip == Some("occupation")
                || self.occupation.as_ref().is_none_or(|m| people.coding.occupation_of(org, i).is_some_and(|o| m[o])))
            && (skip == Some("exposure") || self.exposure.is_none_or(|(a, b)| people.exposure[i] >= a && people.exposure[i] <= b))
    }

    /// The criteria in use, by name (for the "closest filter" explanation).
    pub fn criteria(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.dept.is_some() {
            v.push("department");
        }
        if self.level.is_some() {
            v.push("level");
        }
        if self.title.is_some() {
            v.push("title");
        }
        if self.layer.is_some() {
            v.push("layer");
        }
        if self.ids.is_some() {
            v.push("ids");
        }
        if self.managers_only {
            v.push("managers_only");
        }
        if self.ics_only {
            v.push("individual_contributors_only");
        }
        if self.occupation.is_some() {
            v.push("occupation");
        }
        if self.exposure.is_some() {
            v.push("exposure");
        }
        v
    }
}
