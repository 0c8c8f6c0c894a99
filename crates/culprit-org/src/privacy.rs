//! Privacy rules for outputs that show pay.
//!
//! Primary suppression: a group with fewer than `min_group` people shows no pay figures.
//! Secondary suppression, so that shown figures cannot be subtracted to isolate a small group:
//! - partitions (department, level, layer, occupation) add up to the shown organisation total;
//!   if the suppressed groups together hold fewer than `min_group` people, the smallest shown
//!   groups are suppressed too until they hold at least `min_group`;
//! - teams nest; a team's payroll minus its shown sub-teams is the pay of the rest of the team
//!   (the manager and anyone not in a shown sub-team), so a team is shown only if that rest
//!   also holds at least `min_group` people.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Privacy {
    pub min_group: u64,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy { min_group: culprit_data::assumptions::Assumptions::default().value("min_group_size") as u64 }
    }
}

impl Privacy {
    pub fn shows(&self, people: u64) -> bool {
        people >= self.min_group
    }

    /// For a partition of groups (sizes), which groups may show pay.
    pub fn partition(&self, sizes: &[u64]) -> Vec<bool> {
        let mut shown: Vec<bool> = sizes.iter().map(|&n| self.shows(n)).collect();
        let mut hidden: u64 = sizes.iter().zip(&shown).filter(|(_, s)| !**s).map(|(n, _)| *n).sum();
        if hidden == 0 {
            return shown;
        }
        let mut order: Vec<usize> = (0..sizes.len()).filter(|&i| shown[i]).collect();
        order.sort_by_key(|&i| (sizes[i], i));
        for i in order {
            if hidden >= self.min_group {
                break;
            }
            shown[i] = false;
            hidden += sizes[i];
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_and_secondary() {
        let p = Privacy { min_group: 5 };
        assert!(p.shows(5) && !p.shows(4));
        // One small group of 2 would be revealed by subtraction: the next smallest goes too.
        assert_eq!(p.partition(&[2, 10, 6, 30]), [false, true, false, true]);
        // Small groups that together reach the threshold protect each other.
        assert_eq!(p.partition(&[3, 3, 10]), [false, false, true]);
        assert_eq!(p.partition(&[10, 20]), [true, true]);
    }

    #[test]
    fn default_comes_from_assumptions() {
        assert_eq!(Privacy::default().min_group, 5);
    }
}
