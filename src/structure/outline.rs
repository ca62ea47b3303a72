//! Pass 2: nest the labelled lines into an outline with a stack, flatten it
//! into the gold's per-article entries, and find the unit holding an offset.

use crate::roman::to_roman;
use crate::text::{SpanLocator, Text};

use super::key::clean_value;
use super::labels::{Label, Labelled};
use super::markers::{HeadingKind, POINT_LETTERS};
use super::{ArticleEntry, ArticleNumber, ClauseEntry, LineKind, Loc, Node, NodeKind};

/// The rank of a node kind: a node closes every open node of its rank or deeper.
fn rank(kind: NodeKind) -> u8 {
    match kind {
        NodeKind::Part => 0,
        NodeKind::Chapter => 1,
        NodeKind::Section => 2,
        NodeKind::Heading => 3,
        NodeKind::Article => 4,
        NodeKind::Clause => 5,
        NodeKind::Point => 6,
    }
}

/// A node still open on the stack, with the last line its extent reaches.
struct Open {
    node: Node,
    heading_end_line: usize,
    last_line: usize,
}

/// Builds the outline tree of `text` from its labels.
pub(crate) fn build(text: &Text, labelled: &Labelled) -> Vec<Node> {
    let mut builder = Builder {
        text,
        locator: SpanLocator::new(text),
        stack: Vec::new(),
        roots: Vec::new(),
        parts: 0,
    };
    let mut part_starts = labelled.part_starts.iter().peekable();
    for (i, label) in labelled.labels.iter().enumerate() {
        if part_starts.next_if(|&&start| start == i).is_some() {
            builder.start_part(i);
        }
        builder.line(i, label);
    }
    builder.close_above(0);
    builder.roots
}

struct Builder<'a> {
    text: &'a Text,
    locator: SpanLocator<'a>,
    stack: Vec<Open>,
    roots: Vec<Node>,
    parts: u32,
}

impl Builder<'_> {
    fn line(&mut self, i: usize, label: &Label) {
        match label {
            Label::Heading(h) => {
                let kind = node_kind(h.kind);
                let label = match h.kind {
                    HeadingKind::Chapter | HeadingKind::Roman => to_roman(h.value),
                    _ => format!("{}{}", h.value, h.suffix.as_deref().unwrap_or("")),
                };
                let line = &self.text.lines[i].text;
                let title = Some(clean_value(line.get(h.rest_at..).unwrap_or(""))).filter(|t| !t.is_empty());
                if kind == NodeKind::Part {
                    self.parts = self.parts.max(h.value);
                }
                self.open(i, kind, h.value, label, title);
            }
            Label::Clause(n) => self.open(i, NodeKind::Clause, *n, n.to_string(), None),
            Label::Point(p) => self.open(i, NodeKind::Point, *p as u32 + 1, POINT_LETTERS[*p].to_string(), None),
            Label::Plain(kind) => match kind {
                LineKind::HeadingTitle => self.extend_heading(i),
                LineKind::Body | LineKind::Quoted => self.extend(i),
                LineKind::Title | LineKind::Attachment | LineKind::DocType | LineKind::Preamble => self.extend_part(i),
                LineKind::Closing | LineKind::Header => self.close_above(1),
                LineKind::Blank | LineKind::Noise | LineKind::Heading | LineKind::Clause | LineKind::Point => {}
            },
        }
    }

    /// Opens a part at line `i` (an attached document or a numbering restart);
    /// the first time, what came before becomes part 1.
    fn start_part(&mut self, i: usize) {
        self.close_above(0);
        if self.parts == 0 {
            self.wrap_first_part();
        }
        self.parts += 1;
        let title = clean_value(&self.text.lines[i].text);
        self.open(
            i,
            NodeKind::Part,
            self.parts,
            self.parts.to_string(),
            Some(title).filter(|t| !t.is_empty()),
        );
    }

    /// Wraps the nodes built so far into part 1.
    fn wrap_first_part(&mut self) {
        self.parts = 1;
        let children = std::mem::take(&mut self.roots);
        let (Some(first), Some(last)) = (children.first(), children.last()) else {
            return;
        };
        let (heading, start, end) = (first.heading, first.extent.start, last.extent.end);
        let extent = self.locator.span(start, end);
        let part = Node {
            kind: NodeKind::Part,
            number: 1,
            label: "1".into(),
            title: None,
            heading,
            extent,
            children,
        };
        self.roots.push(part);
    }

    fn open(&mut self, i: usize, kind: NodeKind, number: u32, label: String, title: Option<String>) {
        self.close_above(rank(kind));
        let span = self.line_span(i, i);
        let node = Node {
            kind,
            number,
            label,
            title,
            heading: span,
            extent: span,
            children: Vec::new(),
        };
        self.stack.push(Open {
            node,
            heading_end_line: i,
            last_line: i,
        });
    }

    /// Adds a title line under the open division heading.
    fn extend_heading(&mut self, i: usize) {
        let line = &self.text.lines[i].text;
        if let Some(top) = self.stack.last_mut() {
            top.node.title = Some(match top.node.title.take() {
                Some(title) => clean_value(&format!("{title} {line}")),
                None => clean_value(line),
            });
            top.heading_end_line = i;
            top.last_line = i;
        }
    }

    fn extend(&mut self, i: usize) {
        if let Some(top) = self.stack.last_mut() {
            top.last_line = i;
        }
    }

    /// Extends an open part (its type, title and preamble lines) without closing it.
    fn extend_part(&mut self, i: usize) {
        if let [only] = self.stack.as_mut_slice()
            && only.node.kind == NodeKind::Part
        {
            only.last_line = i;
        }
    }

    /// Closes every open node of rank `min_rank` or deeper.
    fn close_above(&mut self, min_rank: u8) {
        while self.stack.last().is_some_and(|top| rank(top.node.kind) >= min_rank) {
            let Some(mut open) = self.stack.pop() else {
                break;
            };
            open.node.heading = self.line_span(open.node.heading.line, open.heading_end_line);
            open.node.extent = self.line_span(open.node.heading.line, open.last_line);
            match self.stack.last_mut() {
                Some(parent) => {
                    parent.last_line = parent.last_line.max(open.last_line);
                    parent.node.children.push(open.node);
                }
                None => self.roots.push(open.node),
            }
        }
    }

    /// The span of lines `first..=last`, without the last line's trailing space.
    fn line_span(&self, first: usize, last: usize) -> crate::text::Span {
        let start = self.locator.line_start(first);
        let end = self.locator.line_start(last) + self.text.lines[last].text.trim_end().len();
        self.locator.span(start, end.max(start))
    }
}

fn node_kind(kind: HeadingKind) -> NodeKind {
    match kind {
        HeadingKind::Part => NodeKind::Part,
        HeadingKind::Chapter => NodeKind::Chapter,
        HeadingKind::Section => NodeKind::Section,
        HeadingKind::Roman => NodeKind::Heading,
        HeadingKind::Article => NodeKind::Article,
    }
}

/// Where a unit sits above its article: part, chapter and section (Mục).
#[derive(Clone, Default)]
struct Context {
    part: Option<u32>,
    chapter: Option<String>,
    section: Option<String>,
}

/// The gold's flat list: one entry per Điều; numbered khoản outside any
/// Điều make one entry with no article per container (the whole document,
/// a part, or a Roman heading).
pub(crate) fn entries(outline: &[Node]) -> Vec<ArticleEntry> {
    let mut out = Vec::new();
    collect_entries(outline, &Context::default(), None, &mut out);
    out
}

fn collect_entries(nodes: &[Node], context: &Context, heading: Option<&Node>, out: &mut Vec<ArticleEntry>) {
    let mut loose: Option<usize> = None;
    for node in nodes {
        let mut inner = context.clone();
        match node.kind {
            NodeKind::Part => inner.part = Some(node.number),
            NodeKind::Chapter => inner.chapter = Some(node.label.clone()),
            NodeKind::Section => inner.section = Some(node.label.clone()),
            NodeKind::Heading => {
                out.push(entry(context, Some(node), None, &node.children));
                continue;
            }
            NodeKind::Article => {
                out.push(entry(context, heading, Some(node), &node.children));
                continue;
            }
            NodeKind::Clause | NodeKind::Point => {
                let at = *loose.get_or_insert_with(|| {
                    out.push(entry(context, heading, None, &[]));
                    out.len() - 1
                });
                add_clause_units(&mut out[at].clauses, node);
                continue;
            }
        }
        collect_entries(&node.children, &inner, heading, out);
    }
}

fn entry(context: &Context, heading: Option<&Node>, article: Option<&Node>, children: &[Node]) -> ArticleEntry {
    let mut clauses = Vec::new();
    for child in children {
        add_clause_units(&mut clauses, child);
    }
    ArticleEntry {
        part: context.part,
        chapter: context.chapter.clone(),
        section: heading.map(|h| h.label.clone()).or_else(|| context.section.clone()),
        article: article.map(article_number),
        title: article.or(heading).and_then(|n| n.title.clone()),
        clauses,
    }
}

/// Adds a khoản (with its điểm) or a điểm outside any khoản to `clauses`.
fn add_clause_units(clauses: &mut Vec<ClauseEntry>, node: &Node) {
    match node.kind {
        NodeKind::Clause => {
            let points = node
                .children
                .iter()
                .filter(|c| c.kind == NodeKind::Point)
                .map(|p| p.label.clone())
                .collect();
            clauses.push(ClauseEntry {
                clause: Some(node.number),
                points,
            });
        }
        NodeKind::Point => match clauses.last_mut() {
            Some(last) if last.clause.is_none() => last.points.push(node.label.clone()),
            _ => clauses.push(ClauseEntry {
                clause: None,
                points: vec![node.label.clone()],
            }),
        },
        _ => {}
    }
}

fn article_number(node: &Node) -> ArticleNumber {
    let suffix = node.label.trim_start_matches(|c: char| c.is_ascii_digit());
    ArticleNumber {
        value: node.number,
        suffix: (!suffix.is_empty()).then(|| suffix.to_string()),
    }
}

/// The units holding byte `offset`: the deepest node on each level whose
/// extent contains it. Parts count only in documents that have parts; a
/// section (Roman or Mục) only outside a Điều.
pub(crate) fn locate(outline: &[Node], offset: usize) -> Loc {
    let mut loc = Loc::default();
    let mut level = outline;
    while let Some(node) = containing(level, offset) {
        match node.kind {
            NodeKind::Part => loc.part = Some(node.number),
            NodeKind::Section | NodeKind::Heading => loc.section = Some(node.label.clone()),
            NodeKind::Article => loc.article = Some(article_number(node)),
            NodeKind::Clause => loc.clause = Some(node.number),
            NodeKind::Point => loc.point = Some(node.label.clone()),
            NodeKind::Chapter => {}
        }
        level = &node.children;
    }
    if loc.article.is_some() {
        loc.section = None;
    }
    loc
}

/// The node of `nodes` (in text order) whose extent holds `offset`.
fn containing(nodes: &[Node], offset: usize) -> Option<&Node> {
    let after = nodes.partition_point(|n| n.extent.start <= offset);
    let node = nodes.get(after.checked_sub(1)?)?;
    (offset < node.extent.end.max(node.extent.start + 1)).then_some(node)
}
