//! Stage 4, structure: header, legal bases and outline of a document.
//!
//! Reads: a [`Text`] (raw OCR, repaired or clean). Writes: [`Parsed`]. Never
//! fails: a line it does not recognise is body text.
//!
//! Two passes, as in mature legislation parsers: pass 1 ([`labels`]) gives
//! every line a label (header, type, title, basis, heading, khoản, điểm,
//! body, closing) in reading order, taking a numbered line as a khoản or
//! điểm only when the numbering so far expects it; pass 2 ([`outline`])
//! nests the labelled lines with a stack into a tree whose nodes carry the
//! span of their heading and of their whole extent. The header and the
//! legal bases are read from the labelled header, preamble and closing
//! lines, with closed-class values (document types, signers' titles,
//! bodies, provinces) written canonically whatever the OCR made of them.
//!
//! Decisions worth knowing:
//! - an article's title is the rest of its heading line (as in the gold);
//!   a title wrapped onto the next line stays body text;
//! - `Điều N.` lines inside the wording an amending document inserts (a
//!   quotation opened after `... như sau:`, or an unquoted heading right
//!   after such a line) are text of the amending khoản, not articles, and
//!   a `Điều N.` that completes a wrapped reference (`... tại khoản 1` /
//!   `Điều 6.`) is text too;
//! - a document attached to a decision (type line + `(Kèm theo ...)`), or
//!   articles numbered from 1 again, open a new part; parts are numbered
//!   1, 2, ... and entries and locs carry `part` only when there are parts;
//! - a document without Điều gets one entry with `article: null` per
//!   Roman section (`II. NỘI DUNG`, with `section: "II"`), or one in all;
//!   its khoản and điểm are located with their section (`Loc::section`),
//!   since each section numbers them from 1 again;
//! - `section` is a string in entries and locs alike: a Roman section's
//!   numeral (`"III"`), or a Mục's number (`"2"`).

mod bases;
mod header;
mod key;
mod labels;
mod lexicon;
mod markers;
mod outline;
mod refs;
mod render;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::{Span, Text};

/// What the parser found in a document: the gold's `document`,
/// `legal_bases` and `structure`, plus the outline tree with spans.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    /// The header: issuer, number, type, date, place, title, signer.
    pub document: Header,
    /// The `Căn cứ ...` bases, in order.
    pub legal_bases: Vec<LegalBasis>,
    /// One entry per Điều (the gold's flat shape).
    pub structure: Vec<ArticleEntry>,
    /// The outline tree: parts, chapters, sections, headings, articles, khoản, điểm.
    pub outline: Vec<Node>,
}

/// A document's header fields (`null` when not found), with their spans.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The body that issues and signs (`Ban Thường vụ Thành ủy Hải Phòng`).
    pub issuer: Option<String>,
    /// The document's symbol (`03-QC/TU`).
    pub number: Option<String>,
    /// The document type (`Quy chế`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// The date, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The place before the date (`Hải Phòng`).
    pub place: Option<String>,
    /// The title lines under the type, joined by spaces.
    pub title: Option<String>,
    /// The signer's name, as written.
    pub signer: Option<String>,
    /// The signer's title (`Bí thư`).
    pub signer_title: Option<String>,
    /// Where each field was read.
    pub spans: HeaderSpans,
}

impl Header {
    /// The date of issue as a date (`None` when it was not read).
    pub fn issued_on(&self) -> Option<chrono::NaiveDate> {
        self.date.as_deref().and_then(|d| d.parse().ok())
    }
}

/// The source span of each header field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeaderSpans {
    /// Span of the issuer (the header's issuer lines, or the signature).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub issuer: Option<Span>,
    /// Span of the number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number: Option<Span>,
    /// Span of the type line.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
    pub doc_type: Option<Span>,
    /// Span of the date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<Span>,
    /// Span of the place.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub place: Option<Span>,
    /// Span of the title lines.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<Span>,
    /// Span of the signer's name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub signer: Option<Span>,
    /// Span of the signer's title.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub signer_title: Option<Span>,
}

/// One legal basis: a document the text says it rests on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LegalBasis {
    /// Type of the cited document (`Quy định`, `Điều lệ`), canonical.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Its symbol, normalised (`294-QĐ/TW`).
    pub number: Option<String>,
    /// Its date, ISO.
    pub date: Option<String>,
    /// The body that issued it, as the text names it.
    pub issuer: Option<String>,
    /// The basis as written (one `;`-separated item of a `Căn cứ` line).
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// One Điều in the gold's flat shape; an entry with `article: null` holds
/// the khoản of a document (or part, or Roman heading) that has no Điều.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    /// The part (documents with parts only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub part: Option<u32>,
    /// The chapter, as a Roman numeral (`II`).
    pub chapter: Option<String>,
    /// The section, as the document numbers it (see [`Loc::section`]): a
    /// Mục's number (`"2"`) in a document with Mục, or the numeral of a
    /// Roman section (`"III"`) of a document without Điều. Always a string.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<String>,
    /// The article number.
    pub article: Option<ArticleNumber>,
    /// The article's title: the rest of its heading line.
    pub title: Option<String>,
    /// Its khoản, with their điểm.
    pub clauses: Vec<ClauseEntry>,
}

/// One khoản and the letters of its điểm; `clause: null` holds điểm that
/// stand directly under a Điều.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseEntry {
    /// The khoản number.
    pub clause: Option<u32>,
    /// Its điểm letters, in order (`a`, `b`, ..., `đ`).
    pub points: Vec<String>,
}

/// An article number: an integer, or an integer with a letter (`48a`),
/// serialised as a JSON number or string accordingly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ArticleNumber {
    /// The number.
    pub value: u32,
    /// The letter after it, if any.
    pub suffix: Option<String>,
}

impl std::fmt::Display for ArticleNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.value, self.suffix.as_deref().unwrap_or(""))
    }
}

impl Serialize for ArticleNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.suffix {
            None => serializer.serialize_u32(self.value),
            Some(_) => serializer.serialize_str(&self.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for ArticleNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u32),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(value) => Ok(ArticleNumber { value, suffix: None }),
            Raw::Text(text) => {
                let digits = text.trim_end_matches(|c: char| !c.is_ascii_digit());
                let value = digits.parse().map_err(serde::de::Error::custom)?;
                let suffix = Some(text[digits.len()..].to_string()).filter(|s| !s.is_empty());
                Ok(ArticleNumber { value, suffix })
            }
        }
    }
}

/// A unit of the outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// `Phần`, or a part of a decision with an attached document.
    Part,
    /// `Chương`.
    Chapter,
    /// `Mục`.
    Section,
    /// A Roman-numbered heading (`II. NỘI DUNG`) of a document without Điều.
    Heading,
    /// `Điều`.
    Article,
    /// A khoản (`1.`).
    Clause,
    /// A điểm (`a)`).
    Point,
}

/// A node of the outline tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// What unit it is.
    pub kind: NodeKind,
    /// Its number (điểm: the letter's position, a = 1).
    pub number: u32,
    /// Its label as the gold writes it: `II`, `4`, `48a`, `đ`.
    pub label: String,
    /// The title: the rest of the heading line, or the title lines under a division.
    pub title: Option<String>,
    /// The heading line(s).
    pub heading: Span,
    /// The whole unit: from its heading to its last line before the next
    /// sibling or ancestor.
    pub extent: Span,
    /// The units inside it.
    pub children: Vec<Node>,
}

/// Where an offset sits: the gold's `loc` shape.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loc {
    /// The part (documents with parts only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub part: Option<u32>,
    /// The section of a unit outside any Điều, as a string: the numeral of
    /// a Roman section (`"III"`: a Kế hoạch, Hướng dẫn or Nghị quyết
    /// numbers its khoản again in each), or a Mục's number (`"2"`) in a
    /// document with Mục but no Điều. `None` inside a Điều (its number
    /// already says where it is) and in documents without sections.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<String>,
    /// The Điều.
    pub article: Option<ArticleNumber>,
    /// The khoản.
    pub clause: Option<u32>,
    /// The điểm letter.
    pub point: Option<String>,
}

impl Loc {
    /// `Phần 2 Điều 4 khoản 1 điểm a` (`mục III khoản 2 điểm a` in a
    /// section), as the documents cite it (empty outside the outline).
    pub fn label(&self) -> String {
        let part = self.part.map(|p| format!("Phần {p}"));
        let section = self.section.as_ref().map(|s| format!("mục {s}"));
        let article = self.article.as_ref().map(|a| format!("Điều {a}"));
        let clause = self.clause.map(|c| format!("khoản {c}"));
        let point = self.point.as_ref().map(|p| format!("điểm {p}"));
        [part, section, article, clause, point]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl From<u32> for ArticleNumber {
    fn from(value: u32) -> Self {
        ArticleNumber { value, suffix: None }
    }
}

impl Parsed {
    /// The Điều / khoản / điểm (and part, and section outside a Điều) that
    /// hold byte `offset` of the parsed text's [`Text::joined`]; all `None`
    /// outside the outline.
    pub fn locate(&self, offset: usize) -> Loc {
        outline::locate(&self.outline, offset)
    }
}

/// What pass 1 made of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An empty line.
    Blank,
    /// Scanner noise (stamps, scribbles).
    Noise,
    /// Issuer, motto, number, place and date above the type line.
    Header,
    /// The type line of the document or of an attached one.
    DocType,
    /// A title line under the type line.
    Title,
    /// The `(Kèm theo ...)` line of an attached document.
    Attachment,
    /// Legal bases and the promulgation formula.
    Preamble,
    /// A part, chapter, section, Roman or article heading.
    Heading,
    /// A title line under a division heading.
    HeadingTitle,
    /// The first line of a khoản.
    Clause,
    /// The first line of a điểm.
    Point,
    /// Running text.
    Body,
    /// Text inside a quotation inserted by an amending document.
    Quoted,
    /// Recipients and signature.
    Closing,
}

/// The kind of every line of `text`, as the first pass of [`parse`] labels it.
pub fn line_kinds(text: &Text) -> Vec<LineKind> {
    labels::label(text).labels.iter().map(labels::Label::kind).collect()
}

/// Parses the header, legal bases and outline of `text`.
pub fn parse(text: &Text) -> Parsed {
    let labelled = labels::label(text);
    let outline = outline::build(text, &labelled);
    let structure = outline::entries(&outline);
    Parsed {
        document: header::read(text, &labelled),
        legal_bases: bases::read(text, &labelled),
        structure,
        outline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_input_never_panics() {
        let odd = [
            "",
            "\n\n\n",
            "Điều",
            "Điều 1.",
            "Chương",
            "1.\n2.\na)\nđ)",
            "\u{301}\u{303} Điều \u{323}1. ",
            "“Điều 1. ”\n“",
            "QUY CHẾ\n(Kèm theo\nĐiều 0. x\nĐiều 99999999999. y",
            "T/M\nNơi nhận:\nBÍ THƯ\nNguyễn",
            "日本語 Điều 一. 漢字\nChương 漢\n😀) x",
            "S6 -/ ngày 99 tháng 99 năm 99999",
        ];
        for text in odd {
            let parsed = parse(&Text::from_plain(text));
            let _ = parsed.to_string();
            let _ = parsed.locate(usize::MAX);
        }
    }

    #[test]
    fn gold_shape_serialisation() {
        let parsed = parse(&Text::from_plain(
            "QUY CHẾ\nthử\nĐiều 1. Phạm vi\n1. Một;\na) A;\nđ) B.",
        ));
        let json = serde_json::to_value(&parsed).expect("serialises");
        let mut keys: Vec<&str> = json
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        assert_eq!(keys, ["document", "legal_bases", "outline", "structure"]);
        assert_eq!(json["structure"][0]["article"], 1);
        assert_eq!(json["structure"][0]["title"], "Phạm vi");
        assert_eq!(json["structure"][0]["clauses"][0]["points"], serde_json::json!(["a"]));
        let suffixed = ArticleNumber {
            value: 48,
            suffix: Some("a".into()),
        };
        let loc = Loc {
            part: Some(2),
            article: Some(suffixed.clone()),
            clause: Some(1),
            point: Some("đ".into()),
            section: None,
        };
        assert_eq!(loc.label(), "Phần 2 Điều 48a khoản 1 điểm đ");
        let in_section = Loc {
            section: Some("III".into()),
            clause: Some(2),
            point: Some("a".into()),
            ..Loc::default()
        };
        assert_eq!(in_section.label(), "mục III khoản 2 điểm a");
        let json = serde_json::to_value(&in_section).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"section": "III", "article": null, "clause": 2, "point": "a"})
        );
        assert_eq!(Loc::default().label(), "");
        assert_eq!(serde_json::to_value(&suffixed).expect("serialises"), "48a");
        assert_eq!(
            serde_json::from_value::<ArticleNumber>("48a".into()).expect("reads"),
            suffixed
        );
    }
}
