//! What a listing asks a store for, in terms any backend can answer without reading a whole table: conditions
//! on domain attributes, an order, and a window; and what it gets back, the total and the window's records.
//! An SQL backend turns a condition into a `WHERE` clause and a window into `OFFSET`/`LIMIT`.

/// How a condition compares an attribute with its operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Equal to the operand.
    Eq,
    /// At least the operand.
    Ge,
    /// At most the operand.
    Le,
    /// Below the operand.
    Lt,
    /// Above the operand.
    Gt,
    /// Equal to one of the operands.
    In,
}

/// A condition on one attribute: it holds when the attribute compares so with the operands (one, unless `In`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition<T> {
    /// How.
    pub comparison: Comparison,
    /// With what.
    pub operands: Vec<T>,
}

impl<T: Ord> Condition<T> {
    /// A condition with one operand.
    pub fn new(comparison: Comparison, operand: T) -> Self {
        Self {
            comparison,
            operands: vec![operand],
        }
    }

    /// Whether `actual` satisfies the condition; with no operand, nothing does.
    pub fn holds(&self, actual: &T) -> bool {
        let Some(first) = self.operands.first() else {
            return false;
        };
        match self.comparison {
            Comparison::Eq => actual == first,
            Comparison::In => self.operands.contains(actual),
            Comparison::Ge => actual >= first,
            Comparison::Le => actual <= first,
            Comparison::Lt => actual < first,
            Comparison::Gt => actual > first,
        }
    }

    /// The operands, when the condition pins the attribute to them (`Eq` or `In`): what an index can look up.
    pub fn pinned(&self) -> Option<&[T]> {
        matches!(self.comparison, Comparison::Eq | Comparison::In).then_some(self.operands.as_slice())
    }

    /// The same condition on converted operands.
    pub fn map<U>(self, convert: impl FnMut(T) -> U) -> Condition<U> {
        Condition {
            comparison: self.comparison,
            operands: self.operands.into_iter().map(convert).collect(),
        }
    }
}

/// Which run of the matching records to return: skip `offset`, then at most `limit` (`None`: all the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    /// How many matching records to skip.
    pub offset: usize,
    /// How many to return at most; `None` returns every one after the offset.
    pub limit: Option<usize>,
}

impl Window {
    /// Every matching record.
    pub const ALL: Self = Self { offset: 0, limit: None };

    /// At most `limit` records after the first `offset`.
    pub fn page(offset: usize, limit: usize) -> Self {
        Self {
            offset,
            limit: Some(limit),
        }
    }

    /// The window's run of `matching`, copied, with the total.
    pub fn cut<'r, T: Clone + 'r>(self, matching: impl ExactSizeIterator<Item = &'r T>) -> Slice<T> {
        let total = matching.len();
        Slice {
            total,
            items: self.run(matching).cloned().collect(),
        }
    }

    /// The window's run of `matching`, taken out of it, with the total.
    pub fn cut_owned<T>(self, matching: Vec<T>) -> Slice<T> {
        let total = matching.len();
        Slice {
            total,
            items: self.run(matching.into_iter()).collect(),
        }
    }

    /// The window's run of `matching`: skip `offset`, then at most `limit`.
    fn run<I: Iterator>(self, matching: I) -> std::iter::Take<std::iter::Skip<I>> {
        matching.skip(self.offset).take(self.limit.unwrap_or(usize::MAX))
    }

    /// The positions `start..end` of this window in a list of `total` records.
    pub fn range(self, total: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(total);
        let end = match self.limit {
            Some(limit) => start.saturating_add(limit).min(total),
            None => total,
        };
        start..end
    }
}

/// A run of a selection: how many records matched, and the window's records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice<T> {
    /// The number of matching records.
    pub total: usize,
    /// The records in the window.
    pub items: Vec<T>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_compare_with_their_operands() {
        let in_list = Condition {
            comparison: Comparison::In,
            operands: vec![2, 5],
        };
        let none = Condition::<i32> {
            comparison: Comparison::Eq,
            operands: Vec::new(),
        };

        assert!(Condition::new(Comparison::Ge, 3).holds(&3));
        assert!(!Condition::new(Comparison::Gt, 3).holds(&3));
        assert!(Condition::new(Comparison::Lt, 3).holds(&2));
        assert!(in_list.holds(&5) && !in_list.holds(&3));
        assert_eq!(in_list.pinned(), Some(&[2, 5][..]));
        assert_eq!(Condition::new(Comparison::Le, 1).pinned(), None);
        assert!(!none.holds(&0));
    }

    #[test]
    fn a_window_cuts_its_run_and_counts_every_match() {
        let records = [1, 2, 3, 4, 5];

        let page = Window::page(1, 2).cut(records.iter());
        let rest = Window { offset: 3, limit: None }.cut(records.iter());
        let past = Window::page(9, 2).cut(records.iter());
        let taken = Window::page(1, 2).cut_owned(records.to_vec());

        assert_eq!((page.total, page.items), (5, vec![2, 3]));
        assert_eq!(rest.items, vec![4, 5]);
        assert_eq!((past.total, past.items.len()), (5, 0));
        assert_eq!((taken.total, taken.items), (5, vec![2, 3]));
        assert_eq!(Window::page(4, 9).range(5), 4..5);
        assert_eq!(Window::ALL.range(5), 0..5);
    }
}
