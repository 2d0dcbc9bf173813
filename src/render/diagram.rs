//! placeholder until the diagram drawer lands
use crate::content::diagram::Diagram;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Frame,
    Text,
    Arrow,
    Feedback,
    Stage(usize),
    Share(usize),
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawOptions {
    pub width: usize,
    pub ascii: bool,
    pub selected: Option<usize>,
}
pub type Segment = (String, Part);
pub fn draw(_diagram: &Diagram, _opts: &DrawOptions) -> Vec<Vec<Segment>> {
    Vec::new()
}
