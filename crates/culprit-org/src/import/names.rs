//! Managers given by name. Many exports (BambooHR's "Reports To", HiBob, spreadsheets kept by
//! hand) name the manager ("Michael Albert") instead of giving an id, and write the people's own
//! names another way ("Albert, Michael"). Names are matched on first and last name, whatever the
//! order, case, spacing, middle names or initials (see `culprit_input::values::person_key`).
//!
//! Rules:
//! - the names are used when there is no manager-id column, when it is blank, or when its values
//!   match fewer than half of the employee ids while the names match clearly more (an id column
//!   from another system); the import notes say which was used and why;
//! - with ids in use, a row whose manager id is blank but whose manager name is given is matched
//!   by the name;
//! - a name that matches one person gives that person's id; a name that matches several people
//!   is a named problem (`ambiguous_manager`), never a guess; a name that matches nobody stays as
//!   written, and validation makes it a placeholder manager (several reports) or an orphan.

use crate::columns::Field;
use crate::raw::RawTable;
use crate::validate::{Problem, ProblemKind};
use ahash::{AHashMap, AHashSet};
use culprit_input::values::{is_pseudo_manager, person_key};

/// The manager text of a row whose manager's name matched several people (validation detaches it
/// without a second problem).
pub const AMBIGUOUS: &str = "\u{0}ambiguous";

fn key_of(name: &str) -> Option<String> {
    let n = name.trim();
    if n.is_empty() {
        return None;
    }
    Some(person_key(n).unwrap_or_else(|| n.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// (manager ids given, of them the id of a person in the file).
fn id_matches(t: &RawTable) -> (usize, usize) {
    let ids: AHashSet<&str> = t.id.iter().collect();
    t.manager.iter().filter(|m| !m.is_empty()).fold((0, 0), |(g, h), m| (g + 1, h + usize::from(ids.contains(m))))
}

fn rate(hits: usize, given: usize) -> f64 {
    if given == 0 {
        0.0
    } else {
        hits as f64 / given as f64
    }
}

/// Whether another kind of manager reference (emails, names) replaces the manager ids: there are
/// no ids, or they match fewer than half of the people while the other matches clearly more.
fn prefer_over_ids(has_ids: bool, (given, hits): (usize, usize), other_rate: f64) -> bool {
    let id_rate = rate(hits, given);
    !has_ids || given == 0 || (id_rate < 0.5 && other_rate > id_rate + 0.2)
}

/// Resolve managers given other than by a matching id: ids written with and without leading
/// zeros, managers given by email, then by name.
pub fn resolve_managers(t: &mut RawTable) {
    let by_id = t.source.columns.iter().any(|(f, _)| *f == Field::Manager);
    if by_id {
        zero_padded_ids(t);
    }
    let by_email = resolve_emails(t, by_id);
    resolve_names(t, by_id || by_email);
}

/// Manager ids that match an employee id only once leading zeros are set aside ("00123" and
/// "123": one column went through a spreadsheet) are read as that id, and the note says so.
fn zero_padded_ids(t: &mut RawTable) {
    let n = t.rows();
    // Only ids or manager ids written with a leading zero can be told apart by one.
    let padded = |s: &str| s.len() > 1 && s.starts_with('0');
    if !(t.id.iter().any(padded) || t.manager.iter().any(padded)) {
        return;
    }
    let strip = |s: &str| -> String { let x = s.trim_start_matches('0'); if x.is_empty() && !s.is_empty() { "0".into() } else { x.to_string() } };
    let ids: AHashSet<&str> = t.id.iter().collect();
    let missing = (0..n).filter(|&i| !t.manager.get(i).is_empty() && !ids.contains(t.manager.get(i))).count();
    if missing == 0 {
        return;
    }
    let mut by_stripped: AHashMap<String, Option<u32>> = AHashMap::new();
    for i in 0..n {
        by_stripped.entry(strip(t.id.get(i))).and_modify(|v| *v = None).or_insert(Some(i as u32));
    }
    let fixable: Vec<(usize, u32)> = (0..n)
        .filter(|&i| !t.manager.get(i).is_empty() && !ids.contains(t.manager.get(i)))
        .filter_map(|i| by_stripped.get(&strip(t.manager.get(i))).copied().flatten().map(|j| (i, j)))
        .collect();
    drop(ids);
    // Only when it explains most of the misses, not a coincidence or two.
    if fixable.len() * 2 < missing {
        return;
    }
    let mut manager = crate::raw::StrColumn::with_capacity(n, n * 8);
    let mut k = 0;
    for i in 0..n {
        if k < fixable.len() && fixable[k].0 == i {
            manager.push(t.id.get(fixable[k].1 as usize));
            k += 1;
        } else {
            manager.push(t.manager.get(i));
        }
    }
    t.source.notes.push(format!("{} manager id(s) match an employee id only without leading zeros (\"00123\" = \"123\"): read as that id", fixable.len()));
    t.manager = manager;
}

/// Managers given by email, matched to the people's work emails (case-insensitive). Returns
/// whether the emails were used for every row.
fn resolve_emails(t: &mut RawTable, by_id: bool) -> bool {
    if t.manager_email.is_empty() {
        return false;
    }
    let n = t.rows();
    let header = |f: Field| t.source.columns.iter().find(|(g, _)| *g == f).map(|(_, h)| h.clone()).unwrap_or_default();
    let mut by_email: AHashMap<String, Option<u32>> = AHashMap::new();
    for i in 0..n {
        let e = t.email.get(i).trim().to_lowercase();
        if !e.is_empty() {
            by_email.entry(e).and_modify(|v| *v = None).or_insert(Some(i as u32));
        }
    }
    let idm = if by_id { id_matches(t) } else { (0, 0) };
    let (mut e_given, mut e_hits) = (0usize, 0usize);
    for i in 0..n {
        let e = t.manager_email.get(i).trim().to_lowercase();
        if !e.is_empty() {
            e_given += 1;
            e_hits += usize::from(by_email.contains_key(&e));
        }
    }
    let use_all = e_given > 0 && prefer_over_ids(by_id, idm, rate(e_hits, e_given));
    let mut manager = crate::raw::StrColumn::with_capacity(n, n * 8);
    let mut matched = 0usize;
    for i in 0..n {
        let id_m = t.manager.get(i);
        let e = t.manager_email.get(i).trim().to_lowercase();
        if (!use_all && !id_m.is_empty()) || e.is_empty() {
            manager.push(if use_all { "" } else { id_m });
            continue;
        }
        match by_email.get(&e) {
            Some(Some(j)) => {
                matched += 1;
                manager.push(t.id.get(*j as usize));
            }
            Some(None) => {
                t.problems.push(Problem::new(t.line[i], t.id.get(i), ProblemKind::AmbiguousManager, format!("manager email `{e}` belongs to several people")));
                manager.push(AMBIGUOUS);
            }
            None => manager.push(t.manager_email.get(i).trim()),
        }
    }
    if use_all {
        t.source.notes.push(format!("managers are read from the emails in column `{}` ({:.0}% match a person's email in column `{}`)", header(Field::ManagerEmail), rate(e_hits, e_given) * 100.0, header(Field::Email)));
    } else if matched > 0 {
        t.source.notes.push(format!("{matched} row(s) with a blank manager id were matched by the manager's email"));
    }
    t.manager = manager;
    use_all
}

/// Replace manager names by the ids of the people they name, where the names are to be used.
fn resolve_names(t: &mut RawTable, resolved_already: bool) {
    if t.manager_name.is_empty() {
        return;
    }
    let n = t.rows();
    let header = |f: Field| t.source.columns.iter().find(|(g, _)| *g == f).map(|(_, h)| h.clone()).unwrap_or_default();
    let (id_header, name_header) = (header(Field::Manager), header(Field::ManagerName));
    let has_id_col = resolved_already;
    if t.name.is_empty() {
        if !has_id_col {
            t.source.notes.push(format!(
                "managers are given by name (column `{name_header}`) but the file has no employee name column to match them to: map one with --map name=COLUMN (or first_name and last_name)"
            ));
        }
        return;
    }
    let mut by_key: AHashMap<String, Vec<u32>> = AHashMap::new();
    for i in 0..n {
        if let Some(k) = key_of(t.name.get(i)) {
            by_key.entry(k).or_default().push(i as u32);
        }
    }
    let (id_given, id_hits) = if has_id_col { id_matches(t) } else { (0, 0) };
    let (mut name_given, mut name_hits) = (0usize, 0usize);
    for i in 0..n {
        let m = t.manager_name.get(i).trim();
        if m.is_empty() || is_pseudo_manager(m) {
            continue;
        }
        name_given += 1;
        name_hits += usize::from(key_of(m).is_some_and(|k| by_key.contains_key(&k)));
    }
    let (id_rate, name_rate) = (rate(id_hits, id_given), rate(name_hits, name_given));
    let use_names = prefer_over_ids(has_id_col, (id_given, id_hits), name_rate);
    if use_names {
        t.source.notes.push(if has_id_col && id_given > 0 {
            format!(
                "manager-id column `{id_header}` matches {:.0}% of employee ids, manager-name column `{name_header}` matches {:.0}% of the people's names: managers are read from the names",
                id_rate * 100.0,
                name_rate * 100.0
            )
        } else {
            format!("managers are read from the names in column `{name_header}` ({:.0}% match a person in the file)", name_rate * 100.0)
        });
    }
    let mut manager = crate::raw::StrColumn::with_capacity(n, n * 8);
    let mut by_name = 0usize;
    for i in 0..n {
        let id_m = t.manager.get(i);
        let name_m = t.manager_name.get(i).trim();
        if (!use_names && !id_m.is_empty()) || name_m.is_empty() {
            manager.push(if use_names { "" } else { id_m });
            continue;
        }
        if is_pseudo_manager(name_m) {
            manager.push(name_m);
            continue;
        }
        match key_of(name_m).and_then(|k| by_key.get(&k)) {
            Some(rows) if rows.len() == 1 => {
                by_name += 1;
                manager.push(t.id.get(rows[0] as usize));
            }
            Some(rows) => {
                let who: Vec<String> = rows.iter().take(5).map(|&r| format!("`{}` (line {})", t.id.get(r as usize), t.line[r as usize])).collect();
                t.problems.push(Problem::new(
                    t.line[i],
                    t.id.get(i),
                    ProblemKind::AmbiguousManager,
                    format!("manager `{name_m}` matches {} people: {}; give the manager's id (--map manager=COLUMN) or make the names distinct", rows.len(), who.join(", ")),
                ));
                manager.push(AMBIGUOUS);
            }
            None => manager.push(name_m),
        }
    }
    if !use_names && by_name > 0 {
        t.source.notes.push(format!("{by_name} row(s) with a blank manager id were matched by the manager's name (column `{name_header}`)"));
    }
    t.manager = manager;
}
