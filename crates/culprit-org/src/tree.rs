//! The organisation as a tree, column by column: parent array -> children (CSR, by counting
//! sort) -> breadth-first order from the top -> layers, spans and people under each manager.
//! Everything is O(n) and allocation-light so that 2 million people take milliseconds.

use crate::raw::{DictColumn, SourceInfo, StrColumn, NONE};

/// Children lists in compressed sparse row form, plus a breadth-first order and depths.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// `children[child_start[i]..child_start[i+1]]` are the direct reports of i, in file order.
    pub child_start: Vec<u32>,
    pub children: Vec<u32>,
    /// Breadth-first order from the heads (nodes without parent); parents come before children.
    pub order: Vec<u32>,
    /// 1 for a head; 0 for a node not reachable from any head (in or under a cycle).
    pub layer: Vec<u16>,
}

impl Shape {
    pub fn build(parent: &[u32]) -> Shape {
        let n = parent.len();
        let mut child_start = vec![0u32; n + 1];
        for &p in parent {
            if p != NONE {
                child_start[p as usize + 1] += 1;
            }
        }
        for i in 0..n {
            child_start[i + 1] += child_start[i];
        }
        let mut fill = child_start.clone();
        let mut children = vec![0u32; child_start[n] as usize];
        for (i, &p) in parent.iter().enumerate() {
            if p != NONE {
                let slot = &mut fill[p as usize];
                children[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        let mut order = Vec::with_capacity(n);
        let mut layer = vec![0u16; n];
        for (i, &p) in parent.iter().enumerate() {
            if p == NONE {
                order.push(i as u32);
                layer[i] = 1;
            }
        }
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            let l = layer[v].saturating_add(1);
            for &c in &children[child_start[v] as usize..child_start[v + 1] as usize] {
                layer[c as usize] = l;
                order.push(c);
            }
        }
        Shape { child_start, children, order, layer }
    }

    pub fn children_of(&self, i: usize) -> &[u32] {
        &self.children[self.child_start[i] as usize..self.child_start[i + 1] as usize]
    }
}

/// A validated organisation: exactly one top, every person reachable, no cycles.
#[derive(Debug, Clone)]
pub struct Org {
    pub source: SourceInfo,
    /// External id of each node. The synthetic placeholder (if any) is the last node.
    pub ids: StrColumn,
    /// Line in the source file of each node (0 for the synthetic placeholder).
    pub line: Vec<u64>,
    pub parent: Vec<u32>,
    pub title: DictColumn,
    pub level: DictColumn,
    pub department: DictColumn,
    pub location: DictColumn,
    /// Annual pay, NaN when unknown.
    pub pay: Vec<f64>,
    pub has_pay: bool,
    /// The placeholder manager created by `--repair` for people whose manager is unknown.
    pub synthetic: Option<u32>,
    /// False for placeholder managers (named by rows, not in the file); none when all are.
    pub in_file: Option<Vec<bool>>,
    pub root: u32,
    pub shape: Shape,
    /// Direct reports who are people (the placeholder is not a person).
    pub span: Vec<u32>,
    /// People in the subtree below each node, excluding the node itself.
    pub under: Vec<u32>,
}

impl Org {
    /// Assemble from validated columns (with the nodes that are placeholder managers, not in the
    /// file); computes the shape, spans and subtree sizes.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble_with(
        source: SourceInfo,
        ids: StrColumn,
        line: Vec<u64>,
        parent: Vec<u32>,
        dicts: [DictColumn; 4],
        pay: Vec<f64>,
        has_pay: bool,
        synthetic: Option<u32>,
        in_file: Option<Vec<bool>>,
        shape: Option<Shape>,
    ) -> Org {
        // Validation passes its shape when it changed no link (the common, clean case).
        let shape = shape.unwrap_or_else(|| Shape::build(&parent));
        let n = parent.len();
        let is_person = |i: usize| synthetic != Some(i as u32) && in_file.as_ref().is_none_or(|v| v[i]);
        let mut span = vec![0u32; n];
        let mut under = vec![0u32; n];
        for &v in shape.order.iter().rev() {
            let v = v as usize;
            let p = parent[v];
            if p != NONE {
                let add = u32::from(is_person(v));
                span[p as usize] += add;
                under[p as usize] += under[v] + add;
            }
        }
        let root = shape.order.first().copied().unwrap_or(0);
        let [title, level, department, location] = dicts;
        Org { source, ids, line, parent, title, level, department, location, pay, has_pay, synthetic, in_file, root, shape, span, under }
    }

    /// Number of nodes, including the synthetic placeholder.
    pub fn nodes(&self) -> usize {
        self.parent.len()
    }

    /// Number of people (the placeholders excluded).
    pub fn people(&self) -> usize {
        self.nodes() - usize::from(self.synthetic.is_some()) - self.placeholders()
    }

    /// Placeholder managers: named by rows, not in the file (not people).
    pub fn placeholders(&self) -> usize {
        self.in_file.as_ref().map_or(0, |v| v.iter().filter(|x| !**x).count() - usize::from(self.synthetic.is_some_and(|s| !v[s as usize])))
    }

    pub fn is_person(&self, i: usize) -> bool {
        self.synthetic != Some(i as u32) && self.in_file.as_ref().is_none_or(|v| v[i])
    }

    /// A manager is a person with at least one direct report who is a person.
    pub fn is_manager(&self, i: usize) -> bool {
        self.span[i] > 0 && self.is_person(i)
    }

    pub fn layer(&self, i: usize) -> u16 {
        self.shape.layer[i]
    }

    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i)
    }

    /// Index of the node with this external id (linear scan; for one-off lookups).
    pub fn find(&self, id: &str) -> Option<usize> {
        let id = crate::raw::clean_id(id);
        (0..self.nodes()).find(|&i| self.ids.get(i) == id)
    }

    /// The subtree of `i` (including i) in breadth-first order.
    pub fn subtree(&self, i: usize) -> Vec<u32> {
        let mut out = vec![i as u32];
        let mut h = 0;
        while h < out.len() {
            let v = out[h] as usize;
            h += 1;
            out.extend_from_slice(self.shape.children_of(v));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csr_bfs_layers() {
        //      0
        //    1   2
        //   3 4   5
        //         6
        let parent = vec![NONE, 0, 0, 1, 1, 2, 5];
        let s = Shape::build(&parent);
        assert_eq!(s.children_of(0), &[1, 2]);
        assert_eq!(s.children_of(1), &[3, 4]);
        assert_eq!(s.children_of(6), &[] as &[u32]);
        assert_eq!(s.layer, vec![1, 2, 2, 3, 3, 3, 4]);
        assert_eq!(s.order, vec![0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn cycle_members_are_unreached() {
        let parent = vec![NONE, 0, 3, 2];
        let s = Shape::build(&parent);
        assert_eq!(s.layer, vec![1, 2, 0, 0]);
        assert_eq!(s.order.len(), 2);
    }
}
