//! Tasks: one per obligation a document lays on a body, pinned to the
//! finest Điều / khoản / điểm that holds it.
//!
//! Reads: a [`Text`], its [`Parsed`] outline, its [`BodyFinder`] and its
//! deadlines. Writes: [`Task`]s in text order.
//!
//! The rules, as the genre writes obligations:
//! - **Units.** Every leaf of the outline (a điểm, a khoản without điểm, a
//!   Điều without khoản, a Roman heading without khoản) is a unit. A unit's
//!   first line is a *heading* when a paragraph follows it and it ends with
//!   `:` or, short and unpunctuated, is followed by a capitalised line
//!   (`2. Trách nhiệm của Văn phòng Thành ủy`, `2. Tổ chức các cuộc họp`).
//!   A khoản with điểm, or a Điều with khoản, gives its heading or opening
//!   text to its children as their context.
//! - **Skipped.** Articles on scope, subjects and definitions (`Phạm vi
//!   điều chỉnh`, `Đối tượng áp dụng`, `Giải thích từ ngữ`) and effect
//!   clauses (`... có hiệu lực kể từ ...`).
//! - **Leads.** In order: the subject the provision itself names (through
//!   [`BodyFinder::roles`]: `X có trách nhiệm`, `Giao X`, `X chủ trì`, a
//!   subject after an adverbial); a heading that names a body (`1. Ban Nội
//!   chính Tỉnh ủy`, `Trách nhiệm của X`, `Nhiệm vụ, quyền hạn của X:`,
//!   `Đối với X:`, an opening `X có trách nhiệm:`); an article titled
//!   `Trách nhiệm / Nhiệm vụ ... của X`; in an article about coordination
//!   (`Nội dung phối hợp`, `Phương pháp phối hợp`, not its principles), the
//!   parties the title of the document names after `giữa`. A unit with no
//!   lead is no task (principles, contents, forms without an actor).
//! - **Several tasks in one unit.** A điểm is one task. A khoản or Điều is
//!   one task per paragraph. In both, a sentence or `;`-clause whose own
//!   subject shares no body with the current task's lead starts a new task
//!   at the same loc (`Văn phòng ... chịu trách nhiệm ...; các địa phương,
//!   đơn vị chịu trách nhiệm ...`). A paragraph without any lead continues
//!   the unit's previous task.
//! - **Support**: the supporters [`BodyFinder::roles`] reads in the task's
//!   pieces (`phối hợp với`, `với sự phối hợp của`), minus its leads.
//! - **Deadline**: the first of the document's deadlines that starts inside
//!   the task's text.

mod action;
mod segments;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::bodies::{BodyFinder, BodyMention, Roles, opens_with_adverbial};
use super::deadlines::Deadline;
use crate::structure::{Loc, Node, NodeKind, Parsed};
use crate::text::{Line, Span, SpanLocator, Text};
use crate::vietnamese::fold;

pub use action::MAX_ACTION_CHARS;

/// One obligation: who must do what, where the document says it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The finest Điều / khoản / điểm (and part) that holds it.
    pub loc: Loc,
    /// Who must act (chủ trì, the subject), canonical names.
    pub lead: Vec<String>,
    /// Who takes part (phối hợp), canonical names.
    pub support: Vec<String>,
    /// The provision's wording without its subject, capitalised, cut to
    /// [`MAX_ACTION_CHARS`].
    pub action: String,
    /// Index into the document's deadlines of the one inside the task.
    pub deadline: Option<usize>,
    /// The task's text: from its first sentence or clause to its last.
    pub span: Span,
    /// How the lead was found.
    pub lead_source: LeadSource,
    /// The title of the closest titled unit above it (a khoản's heading,
    /// the Điều's title): the task's group in a tracker.
    pub group: Option<String>,
}

/// Where a task's lead comes from, most direct first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadSource {
    /// The provision names its subject (`X có trách nhiệm ...`, `Giao X ...`).
    #[default]
    Subject,
    /// A heading or opening line above the unit names the body.
    Heading,
    /// The Điều's title names the body (`Trách nhiệm của X`).
    Title,
    /// A coordination article: the parties the document's title names.
    Parties,
}

impl LeadSource {
    /// How far the lead is to be trusted, from 0 to 1: a subject in the
    /// sentence itself most, parties inferred from the title least.
    pub fn weight(self) -> f32 {
        match self {
            LeadSource::Subject => 0.9,
            LeadSource::Heading => 0.85,
            LeadSource::Title => 0.8,
            LeadSource::Parties => 0.6,
        }
    }
}

/// Every task of a document, in text order; `deadlines` are the document's
/// deadlines (their spans index into `text`).
pub fn find_tasks(text: &Text, parsed: &Parsed, bodies: &BodyFinder, deadlines: &[Deadline]) -> Vec<Task> {
    let finder = TaskFinder::new(text, parsed, bodies, deadlines);
    let mut tasks = Vec::new();
    finder.walk(&parsed.outline, &finder.lead_in(), &mut tasks);
    tasks
}

/// What a unit inherits from the units above it.
#[derive(Clone, Debug, Default)]
struct Context {
    lead: Vec<String>,
    source: Option<LeadSource>,
    group: Option<String>,
    /// The lead is the document's addressees (its lead-in), not a duty
    /// holder: a request to another body (`Đề nghị X ...`) makes X the lead.
    addressed: bool,
}

impl Context {
    fn with_lead(&self, lead: Vec<String>, source: LeadSource) -> Context {
        Context {
            lead,
            source: Some(source),
            group: self.group.clone(),
            addressed: false,
        }
    }

    fn with_group(&self, group: &str) -> Context {
        Context {
            group: Some(group.to_string()),
            ..self.clone()
        }
    }
}

/// A task being assembled from the pieces of a unit.
struct Draft {
    pieces: Vec<Range<usize>>,
    lead: Vec<String>,
    source: Option<LeadSource>,
    support: Vec<String>,
}

impl Draft {
    /// Whether a piece whose own subject is `lead` continues this task: it
    /// shares a body with this task's lead, and is not one of several
    /// subjects that act jointly here acting alone (`Hai cơ quan trao đổi
    /// ...; ... Thanh tra tỉnh gửi ...`).
    fn continues_with(&self, lead: &[String]) -> bool {
        let shares = lead.iter().any(|l| self.lead.contains(l));
        let narrower = lead.len() < self.lead.len() && lead.iter().all(|l| self.lead.contains(l));
        shares && !(narrower && self.source == Some(LeadSource::Subject))
    }

    fn absorb(&mut self, other: Draft) {
        self.pieces.extend(other.pieces);
        add_names(&mut self.support, &other.support);
    }
}

fn add_names(list: &mut Vec<String>, names: &[String]) {
    for name in names {
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
}

/// Article titles whose provisions assign nothing.
const SKIPPED_TITLES: [&str; 3] = ["pham vi", "doi tuong ap dung", "giai thich tu ngu"];

/// `Trách nhiệm (, quyền hạn ...) của X`, `Nhiệm vụ ... của X`, `Thời
/// hạn gửi báo cáo của X`, `Chế độ báo cáo của X`: X owns the unit.
static OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^(?:trách\s+nhiệm|nhiệm\s+vụ|chức\s+năng|quyền\s+hạn|nghĩa\s+vụ|thời\s+hạn|chế\s+độ)\b[^:;.]*?\s+của\s+(?P<owner>[^:;]+?)\s*:?\s*$")
        .expect("owner pattern is valid")
});

/// `Đối với X:` heading a list of X's duties.
static FOR_OWNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)^đối\s+với\s+(?P<owner>[^:;.]+?)\s*:?\s*$").expect("pattern is valid"));

/// `giữa` in a coordination document's title: the parties follow.
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bgiữa\s+").expect("pattern is valid"));

/// A request to a body opening a clause: `Đề nghị`, `Yêu cầu`, after a
/// list marker or `đồng thời`.
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-zđ0-9]{1,2}[.)]\s*|[-+•]\s*)?(?:đồng\s+thời,?\s*)?(?:đề\s+nghị|yêu\s+cầu)\s+")
        .expect("pattern is valid")
});

/// Statements that assign nothing: the effect clause, the closing
/// `Văn phòng ... thông báo để các cơ quan biết, thực hiện`.
static NO_OBLIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)có\s+hiệu\s+lực|thông\s+báo\s+(?:để|cho)\s+.{0,80}\bbiết|\bbị\s+(?:xem\s+xét,\s*)?xử\s+lý\b")
        .expect("pattern is valid")
});

/// A lead-in that asks bodies to carry out what follows: `Ban Thường vụ
/// Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng ... thực hiện tốt ... sau:`.
static LEAD_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:yêu\s+cầu|đề\s+nghị)\s+").expect("pattern is valid"));

/// `Điều N.` at the start of an article's line.
static ARTICLE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*điều\s+\d+[a-zđ]?\s*[.:]?\s*").expect("pattern is valid"));

/// What a subject did, not what it must do: `X đã triển khai ...`.
static PAST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:[^\s,;.]+\s+){0,3}?đã\s").expect("pattern is valid"));

/// Titles of sections that assess, report or state aims (`Đánh giá
/// chung`, `I. KẾT QUẢ ĐẠT ĐƯỢC`, `Về kết quả năm 2025`, `Hạn chế, nguyên
/// nhân`, `Mục đích`, `Quan điểm`): no tasks.
const ASSESSMENT_TITLES: [&str; 12] = [
    "danh gia",
    "ket qua",
    "tinh hinh",
    "han che",
    "nguyen nhan",
    "boi canh",
    "uu diem",
    "bai hoc",
    "muc dich",
    "y nghia",
    "quan diem",
    "muc tieu",
];

fn is_assessment(title: &str) -> bool {
    let folded = fold(title.trim());
    let topic = folded.strip_prefix("ve ").unwrap_or(&folded);
    ASSESSMENT_TITLES.iter().any(|t| topic.starts_with(t))
}

/// A label whose bodies are no actors: `- Đối tượng: Ban Thường vụ ...`.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[-+•]\s*)?(?:đối\s+tượng|thành\s+phần|địa\s+điểm|thời\s+gian|nội\s+dung|hình\s+thức|phương\s+pháp|số\s+cuộc|kinh\s+phí|số\s+lượng|cơ\s+cấu|tiêu\s+chuẩn|điều\s+kiện)\b[^:]{0,40}:")
        .expect("pattern is valid")
});

/// A heading at most this share of the document's usual line width.
const HEADING_WIDTH_SHARE: f64 = 0.85;

struct TaskFinder<'a> {
    text: &'a Text,
    parsed: &'a Parsed,
    bodies: &'a BodyFinder,
    deadlines: &'a [Deadline],
    joined: String,
    /// The joined text with line breaks as spaces (same offsets).
    flat: String,
    locator: SpanLocator<'a>,
    /// The usual width of a full line, in characters.
    line_width: usize,
    /// The parties of a coordination document.
    parties: Vec<String>,
    /// Whether the text keeps a page's line breaks inside paragraphs (OCR):
    /// a heading is then set apart by a blank line.
    wrapped: bool,
}

impl<'a> TaskFinder<'a> {
    fn new(text: &'a Text, parsed: &'a Parsed, bodies: &'a BodyFinder, deadlines: &'a [Deadline]) -> Self {
        let joined = text.joined();
        let flat = joined.replace('\n', " ");
        let parties = parsed
            .document
            .title
            .as_deref()
            .and_then(|title| BETWEEN.find(title).map(|m| &title[m.end()..]))
            .map(|between| bodies.names_in(between))
            .unwrap_or_default();
        TaskFinder {
            text,
            parsed,
            bodies,
            deadlines,
            flat,
            joined,
            locator: SpanLocator::new(text),
            line_width: usual_line_width(text),
            wrapped: is_wrapped(
                &text.lines[parsed
                    .outline
                    .first()
                    .map_or(0, |n| n.extent.line)
                    .min(text.lines.len())..],
            ),
            parties,
        }
    }

    fn walk(&self, nodes: &[Node], context: &Context, out: &mut Vec<Task>) {
        for node in nodes {
            match node.kind {
                NodeKind::Part | NodeKind::Chapter | NodeKind::Section => self.walk(&node.children, context, out),
                NodeKind::Heading | NodeKind::Article => {
                    if let Some(inner) = self.titled_context(node, context) {
                        self.unit(node, &inner, out);
                    }
                }
                NodeKind::Clause | NodeKind::Point => self.unit(node, context, out),
            }
        }
    }

    /// The context a document's lead-in gives its outline: the bodies its
    /// last paragraph before the outline asks to act, when it introduces
    /// a list (`Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng ...
    /// thực hiện tốt các nhiệm vụ, giải pháp sau:`).
    fn lead_in(&self) -> Context {
        let first = self
            .parsed
            .outline
            .first()
            .map_or(0, |n| n.heading.line)
            .min(self.text.lines.len());
        let mut lines: Vec<&str> = Vec::new();
        for line in self.text.lines[..first].iter().rev().map(|l| l.text.trim()) {
            let ends_paragraph = line.is_empty() || line.ends_with(['.', ';']);
            if ends_paragraph && !lines.is_empty() {
                break;
            }
            if !line.is_empty() {
                lines.push(line);
            }
        }
        lines.reverse();
        let paragraph = lines.join(" ");
        let cue = LEAD_IN
            .find_iter(&paragraph)
            .last()
            .filter(|_| paragraph.ends_with(':'));
        let lead = cue
            .map(|cue| self.bodies.roles(&paragraph[cue.end()..]).lead)
            .unwrap_or_default();
        if lead.is_empty() {
            Context::default()
        } else {
            Context {
                addressed: true,
                ..Context::default().with_lead(lead, LeadSource::Heading)
            }
        }
    }

    /// Whether an article's title line is its first sentence, not a title
    /// (`Điều 2. Quyết định này có hiệu lực ...`): it ends a sentence.
    fn title_is_content(&self, node: &Node) -> bool {
        let last = self
            .text
            .lines
            .get(node.heading.end_line)
            .map_or("", |l| l.text.trim_end());
        node.kind == NodeKind::Article && node.title.is_some() && last.ends_with(['.', ';'])
    }

    /// The context an article or Roman heading gives its text, or `None`
    /// when it assigns nothing (scope, definitions).
    fn titled_context(&self, node: &Node, context: &Context) -> Option<Context> {
        let Some(title) = node.title.as_deref().filter(|_| !self.title_is_content(node)) else {
            return Some(context.clone());
        };
        let folded = fold(title);
        if SKIPPED_TITLES.iter().any(|t| folded.contains(t)) || is_assessment(title) {
            return None;
        }
        let context = context.with_group(title);
        let owners = self.owners(title);
        Some(if !owners.is_empty() {
            context.with_lead(owners, LeadSource::Title)
        } else if folded.contains("phoi hop") && !folded.contains("nguyen tac") && !self.parties.is_empty() {
            context.with_lead(self.parties.clone(), LeadSource::Parties)
        } else {
            context
        })
    }

    /// A unit: its heading or opening text sets the context of its
    /// children, or of its own paragraphs when it has no children.
    fn unit(&self, node: &Node, context: &Context, out: &mut Vec<Task>) {
        let lines = self.content_lines(node);
        let (heading, body) = match node.children.is_empty() {
            true => self.split_heading(node, &lines),
            false => (envelope(&lines), &[][..]),
        };
        if heading.as_ref().is_some_and(|h| is_assessment(&self.joined[h.clone()])) {
            return;
        }
        let context = heading.map_or_else(|| context.clone(), |h| self.heading_context(h, context));
        if node.children.is_empty() {
            self.leaf(node, body, &context, out);
        } else {
            self.walk(&node.children, &context, out);
        }
    }

    /// The non-blank lines of a unit before its first child, trimmed, a
    /// khoản's or điểm's label cut off, a heading's title lines left out.
    fn content_lines(&self, node: &Node) -> Vec<Range<usize>> {
        let content_title = self.title_is_content(node);
        let first = match node.kind {
            NodeKind::Clause | NodeKind::Point => node.heading.line,
            _ if content_title => node.heading.line,
            _ => node.heading.end_line + 1,
        };
        let last = node
            .children
            .first()
            .map_or(node.extent.end_line, |c| c.heading.line.saturating_sub(1));
        let mut lines = Vec::new();
        for index in first..=last.min(self.text.lines.len().saturating_sub(1)) {
            let start = self.locator.line_start(index);
            let line = &self.text.lines[index].text;
            let skip = match node.kind {
                _ if index != node.heading.line => 0,
                NodeKind::Clause | NodeKind::Point => label_end(line, &node.label),
                _ if content_title => ARTICLE_LABEL.find(line).map_or(0, |m| m.end()),
                _ => 0,
            };
            let rest = &line[skip..];
            let lead_space = rest.len() - rest.trim_start().len();
            let trimmed = rest.trim();
            if !trimmed.is_empty() && index >= first {
                let at = start + skip + lead_space;
                lines.push(at..at + trimmed.len());
            }
        }
        lines
    }

    /// A leaf khoản's or điểm's heading line and the lines after it: a
    /// first line that ends with `:`, or a short unpunctuated one followed
    /// by a capitalised line (after a blank line when the text is wrapped).
    fn split_heading<'l>(&self, node: &Node, lines: &'l [Range<usize>]) -> (Option<Range<usize>>, &'l [Range<usize>]) {
        let is_numbered = matches!(node.kind, NodeKind::Clause | NodeKind::Point);
        let [first, second, ..] = lines else {
            return (None, lines);
        };
        let text = self.joined[first.clone()].trim_end();
        let next = &self.joined[second.clone()];
        let unpunctuated = !text.ends_with(['.', ';', ',', '!', '?']);
        let short = (text.chars().count() as f64) <= HEADING_WIDTH_SHARE * self.line_width as f64;
        let capital_next = next
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || "-+•".contains(c));
        let set_apart = !self.wrapped || self.locator.line_of(second.start) > self.locator.line_of(first.end) + 1;
        let heading = is_numbered && unpunctuated && (text.ends_with(':') || short && capital_next && set_apart);
        if heading {
            (Some(first.clone()), &lines[1..])
        } else {
            (None, lines)
        }
    }

    /// The context a heading or opening text gives the text under it.
    fn heading_context(&self, heading: Range<usize>, context: &Context) -> Context {
        let text = &self.joined[heading];
        let subject = self.bodies.roles(text).lead;
        if !subject.is_empty() {
            return context.with_lead(subject, LeadSource::Heading);
        }
        let owners = self.owners(text);
        if !owners.is_empty() {
            return context.with_lead(owners, LeadSource::Heading);
        }
        let title_like = !text.trim_end().ends_with(['.', ':']) && text.chars().count() <= self.line_width;
        if title_like {
            context.with_group(text.trim())
        } else {
            context.clone()
        }
    }

    /// The bodies a heading says the unit belongs to (`Trách nhiệm của X`,
    /// `Đối với X:`), when X starts with them (not `Đối với nhiệm vụ Thành
    /// ủy giao:`); a bare plural (`của địa phương, đơn vị`) is read with its
    /// `các`.
    fn owners(&self, heading: &str) -> Vec<String> {
        let heading = heading.trim();
        let caps = OWNER.captures(heading).or_else(|| FOR_OWNER.captures(heading));
        let Some(owner) = caps.and_then(|c| c.name("owner")).map(|m| m.as_str()) else {
            return Vec::new();
        };
        let names = self.bodies.roles(owner).lead;
        if names.is_empty() && owner.starts_with(char::is_lowercase) {
            self.bodies.roles(&format!("các {owner}")).lead
        } else {
            names
        }
    }

    /// The tasks of a leaf unit whose body lines are `lines`.
    fn leaf(&self, node: &Node, lines: &[Range<usize>], context: &Context, out: &mut Vec<Task>) {
        let paragraphs = match (node.kind, envelope(lines)) {
            (NodeKind::Point, Some(whole)) => vec![whole],
            _ => segments::paragraphs(&self.joined, lines),
        };
        let mut drafts: Vec<Draft> = Vec::new();
        for paragraph in paragraphs {
            let first_new = drafts.len();
            self.paragraph_drafts(paragraph, context, &mut drafts);
            if drafts.len() > first_new && drafts[first_new].lead.is_empty() {
                let orphan = drafts.remove(first_new);
                if let Some(previous) = first_new.checked_sub(1).and_then(|p| drafts.get_mut(p)) {
                    previous.absorb(orphan);
                }
            }
        }
        let group = context.group.clone();
        out.extend(
            drafts
                .into_iter()
                .filter(|d| !d.lead.is_empty())
                .map(|d| self.task(d, group.clone())),
        );
    }

    /// Adds the drafts of one paragraph: a new one wherever a piece's own
    /// subject shares no body with the current lead.
    fn paragraph_drafts(&self, paragraph: Range<usize>, context: &Context, drafts: &mut Vec<Draft>) {
        let mut current: Option<Draft> = None;
        // subjects listed in clauses of their own before their verb (`Chánh
        // Văn phòng ...; Giám đốc các sở ...; Chủ tịch ... chịu trách nhiệm`)
        let mut listed = Draft {
            pieces: Vec::new(),
            lead: Vec::new(),
            source: Some(LeadSource::Subject),
            support: Vec::new(),
        };
        for piece in segments::pieces(&self.joined, paragraph) {
            let text = &self.flat[piece.clone()];
            if NO_OBLIGATION.is_match(text) {
                continue;
            }
            let mut roles = self.roles(&self.joined[piece.clone()], context);
            let overrides = !context.lead.is_empty() || current.as_ref().is_some_and(|d| !d.lead.is_empty());
            let subject = action::find_subject(&self.joined, &piece, &roles.lead, self.bodies.mentions());
            let reports = subject
                .as_ref()
                .is_some_and(|s| PAST.is_match(&self.flat[s.end..piece.end]));
            if LABEL.is_match(text) || reports || overrides && subject.is_none() {
                roles.lead.clear(); // `Đối tượng: X`, `X đã ...`, or X not where a subject stands
            }
            if subject
                .as_ref()
                .is_some_and(|s| !roles.lead.is_empty() && !self.flat[s.end..piece.end].contains(char::is_alphanumeric))
            {
                add_names(&mut listed.lead, &roles.lead);
                listed.pieces.push(piece);
                continue;
            }
            if roles.lead.is_empty() && context.source == Some(LeadSource::Parties) && is_passive_rule(text) {
                continue; // `việc xử lý kỷ luật đảng được thực hiện trước`: a rule, no one's action
            }
            if !listed.lead.is_empty() {
                let own = std::mem::take(&mut roles.lead);
                roles.lead = std::mem::take(&mut listed.lead);
                add_names(&mut roles.lead, &own);
            }
            let pieces: Vec<Range<usize>> = listed.pieces.drain(..).chain([piece]).collect();
            let explicit = !roles.lead.is_empty();
            match current.as_mut() {
                Some(draft) if draft.lead.is_empty() && explicit => {
                    draft.lead = roles.lead;
                    draft.source = Some(LeadSource::Subject);
                    draft.pieces.extend(pieces);
                    add_names(&mut draft.support, &roles.support);
                }
                Some(draft) if !explicit || draft.continues_with(&roles.lead) => {
                    draft.pieces.extend(pieces);
                    add_names(&mut draft.support, &roles.support);
                }
                _ => {
                    drafts.extend(current.take());
                    let (lead, source) = if explicit {
                        (roles.lead, Some(LeadSource::Subject))
                    } else {
                        (context.lead.clone(), context.source)
                    };
                    current = Some(Draft {
                        pieces,
                        lead,
                        source,
                        support: roles.support,
                    });
                }
            }
        }
        if !listed.lead.is_empty() && current.is_none() {
            current = Some(listed); // only subjects: they are the task's leads
        }
        drafts.extend(current);
    }

    /// The roles of a piece; a piece that opens with `Đề nghị X` / `Yêu cầu
    /// X` makes X its lead when nothing above names one (in a list of
    /// someone's duties, that someone asks).
    fn roles(&self, piece: &str, context: &Context) -> Roles {
        let roles = self.bodies.roles(piece);
        if !roles.lead.is_empty() || !context.lead.is_empty() && !context.addressed {
            return roles;
        }
        match REQUEST.find(piece) {
            Some(cue) => Roles {
                lead: self.bodies.roles(&piece[cue.end()..]).lead,
                support: roles.support,
            },
            None => roles,
        }
    }

    fn task(&self, draft: Draft, group: Option<String>) -> Task {
        let start = draft.pieces.first().map_or(0, |p| p.start);
        let end = draft.pieces.last().map_or(start, |p| p.end);
        let mentions: &[BodyMention] = self.bodies.mentions();
        let support = draft.support.into_iter().filter(|s| !draft.lead.contains(s)).collect();
        Task {
            loc: self.parsed.locate(start),
            action: action::summarise(&self.joined, &draft.pieces, &draft.lead, mentions),
            deadline: Some(self.deadlines.partition_point(|d| d.span.start < start))
                .filter(|&i| self.deadlines.get(i).is_some_and(|d| d.span.start < end)),
            span: self.locator.span(start, end),
            lead_source: draft.source.unwrap_or(LeadSource::Subject),
            lead: draft.lead,
            support,
            group,
        }
    }
}

/// Words a passive clause's `được` / `bị` stands within, from its start.
const PASSIVE_WINDOW: usize = 8;

/// Whether `piece` states a rule in the passive: `được` or `bị` + a verb
/// within the first words of a clause (`việc xử lý kỷ luật đảng được thực
/// hiện trước`; `không được`, a prohibition; not `nhận được`), at its
/// start or, after a leading adverbial, at the start of one of its
/// comma-separated parts.
fn is_passive_rule(piece: &str) -> bool {
    let piece = piece.trim_start_matches(|c: char| !c.is_alphabetic());
    let passive = |clause: &str| {
        let words: Vec<String> = clause.split_whitespace().take(PASSIVE_WINDOW + 1).map(fold).collect();
        (0..words.len().min(PASSIVE_WINDOW)).any(|i| {
            let auxiliary = words[i] == "duoc" || words[i] == "bi";
            let verb_follows = words.get(i + 1).is_some_and(|w| w.starts_with(char::is_alphabetic));
            auxiliary && verb_follows && (i == 0 || words[i - 1] != "nhan")
        })
    };
    passive(piece) || opens_with_adverbial(piece) && piece.split(", ").skip(1).any(passive)
}

/// The range from the first line's start to the last line's end.
fn envelope(lines: &[Range<usize>]) -> Option<Range<usize>> {
    Some(lines.first()?.start..lines.last()?.end)
}

/// Where the label `1.` / `a)` of a khoản or điểm line ends, spaces included.
fn label_end(line: &str, label: &str) -> usize {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    match trimmed
        .strip_prefix(label)
        .and_then(|rest| rest.strip_prefix(['.', ')']))
    {
        Some(rest) => line.len() - rest.trim_start().len(),
        None => indent,
    }
}

/// Share of lines continued on the next line in lower case above which a
/// text counts as wrapped.
const WRAPPED_SHARE: f64 = 0.1;

/// Whether many of `lines` (a document's body) go on, in lower case, on
/// the next line.
fn is_wrapped(lines: &[Line]) -> bool {
    let filled = lines.iter().filter(|l| !l.text.trim().is_empty()).count();
    let continued = lines
        .windows(2)
        .filter(|w| !w[0].text.trim().is_empty() && continues_in_lower_case(&w[1].text))
        .count();
    continued >= 2 && continued as f64 / filled as f64 >= WRAPPED_SHARE
}

/// A line that starts in lower case, not with a điểm's label (`a)`).
fn continues_in_lower_case(line: &str) -> bool {
    let line = line.trim_start();
    let mut chars = line.chars();
    let first = chars.next();
    let labelled = matches!(chars.next(), Some(')' | '.'));
    first.is_some_and(char::is_lowercase) && !labelled
}

/// The 90th percentile of the character counts of the document's lines of
/// 20 characters or more: the width of a full line.
fn usual_line_width(text: &Text) -> usize {
    let mut widths: Vec<usize> = text
        .lines
        .iter()
        .map(|l| l.text.trim().chars().count())
        .filter(|&n| n >= 20)
        .collect();
    widths.sort_unstable();
    widths.get(widths.len() * 9 / 10).copied().unwrap_or(80)
}

#[cfg(test)]
mod tests;
