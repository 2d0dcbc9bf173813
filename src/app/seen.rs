//! Which lines of a rendered chapter have been on screen, kept as merged ranges. A
//! section counts as read only when every line of it has been shown: scrolling or paging
//! through it reads it, jumping over it (`G`, a search, the contents) does not.

/// Lines shown so far, as sorted, disjoint, non-adjacent half-open ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    ranges: Vec<(usize, usize)>,
}

impl Seen {
    /// Lines `start..end` are on screen.
    pub fn show(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        self.ranges.push((start, end));
        self.ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(self.ranges.len());
        for &(a, b) in &self.ranges {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        self.ranges = merged;
    }

    /// Whether every line of `start..end` has been on screen.
    pub fn covers(&self, start: usize, end: usize) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= start && end <= b)
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn adjacent_and_overlapping_windows_join_and_a_gap_does_not() {
        let mut seen = Seen::default();
        seen.show(0, 20);
        seen.show(20, 40);
        assert!(seen.covers(5, 40), "pages that touch join");
        seen.show(90, 110);
        assert!(!seen.covers(30, 95), "lines 40..90 were jumped over");
        seen.show(35, 60);
        seen.show(60, 90);
        assert!(seen.covers(0, 110));
        assert_eq!(seen.ranges, vec![(0, 110)]);
    }

    #[test]
    fn nothing_shown_covers_nothing_and_empty_windows_are_ignored() {
        let mut seen = Seen::default();
        seen.show(7, 7);
        assert!(!seen.covers(7, 8));
        assert_eq!(seen, Seen::default());
    }
}
