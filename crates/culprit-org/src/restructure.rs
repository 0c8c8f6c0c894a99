//! A restructured organisation: the same people minus those who left, with new managers. Used
//! by scenarios to recompute spans, layers and roll-ups after a plan, with the same columns
//! (dictionary values are kept, so title codings stay valid).

use crate::raw::NONE;
use crate::tree::Org;

/// Keep the nodes where `keep` is true, with `parent[i]` (an index into the ORIGINAL nodes, or
/// NONE) as their manager. Every kept node's parent must be kept (or NONE for the top).
pub fn restructure(org: &Org, parent: &[u32], keep: &[bool]) -> Org {
    let n = org.nodes();
    assert_eq!(parent.len(), n);
    assert_eq!(keep.len(), n);
    let mut new_index = vec![NONE; n];
    let mut k = 0u32;
    for i in 0..n {
        if keep[i] {
            new_index[i] = k;
            k += 1;
        }
    }
    let mut new_parent = Vec::with_capacity(k as usize);
    let mut line = Vec::with_capacity(k as usize);
    let mut pay = Vec::with_capacity(k as usize);
    let retain = |codes: &[u32]| -> Vec<u32> { codes.iter().zip(keep).filter(|(_, k)| **k).map(|(c, _)| *c).collect() };
    for i in 0..n {
        if keep[i] {
            let p = parent[i];
            new_parent.push(if p == NONE { NONE } else { new_index[p as usize] });
            line.push(org.line[i]);
            pay.push(org.pay[i]);
        }
    }
    debug_assert!(new_parent.iter().enumerate().all(|(i, &p)| p == NONE || (p as usize) < new_parent.len() && p as usize != i));
    let dict = |d: &crate::raw::DictColumn| crate::raw::DictColumn { codes: retain(&d.codes), values: d.values.clone() };
    let synthetic = org.synthetic.and_then(|s| keep[s as usize].then(|| new_index[s as usize]));
    let in_file = org.in_file.as_ref().map(|v| v.iter().zip(keep).filter(|(_, k)| **k).map(|(x, _)| *x).collect());
    Org::assemble_with(
        org.source.clone(),
        org.ids.retain_rows(keep),
        line,
        new_parent,
        [dict(&org.title), dict(&org.level), dict(&org.department), dict(&org.location)],
        pay,
        org.has_pay,
        synthetic,
        in_file,
        None,
    )
}
