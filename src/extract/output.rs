//! What `vanban extract` prints for a document: the gold's top-level keys
//! (`document`, `legal_bases`, `structure`, `directive_numbers`, `bodies`,
//! `deadlines`, `tasks`) with the extraction's additions (the file, the
//! security class, the spans behind the plain lists, the outline tree).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Extraction;
use crate::structure::{ArticleEntry, Header, LegalBasis, Loc, Node, Parsed};

/// One document's extraction in the shape of `../shared/dev/*.json`, plus
/// spans, confidences and tracker fields.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExtractOutput {
    /// The file read.
    pub file: Option<String>,
    /// Issuer, number, type, date, place, title, signer (with spans).
    pub document: Header,
    /// The `Căn cứ ...` bases.
    pub legal_bases: Vec<LegalBasis>,
    /// One entry per Điều.
    pub structure: Vec<ArticleEntry>,
    /// Security class, symbols, bodies, deadlines and tasks, at the top level.
    #[serde(flatten)]
    pub extraction: Extraction,
    /// The outline tree with spans.
    pub outline: Vec<Node>,
}

impl ExtractOutput {
    /// Puts a document's parse and extraction into the output shape.
    pub fn new(file: Option<String>, parsed: Parsed, extraction: Extraction) -> Self {
        let Parsed {
            document,
            legal_bases,
            structure,
            outline,
        } = parsed;
        ExtractOutput {
            file,
            document,
            legal_bases,
            structure,
            extraction,
            outline,
        }
    }
}

/// `Điều 4 khoản 1 điểm a` in short: `4.1.a`, `-` outside the outline.
pub fn short_loc(loc: &Loc) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(part) = loc.part {
        parts.push(format!("P{part}"));
    }
    parts.push(loc.article.as_ref().map_or("-".into(), |a| a.to_string()));
    parts.extend(loc.clause.map(|c| c.to_string()));
    parts.extend(loc.point.clone());
    parts.join(".")
}

/// The text summary: header, counts, then one line per task
/// (`loc · lead · due · action`).
impl fmt::Display for ExtractOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let d = &self.document;
        writeln!(f, "{}", show(&self.file))?;
        writeln!(
            f,
            "  {} {} — {}, {}",
            show(&d.doc_type),
            show(&d.number),
            show(&d.place),
            show(&d.date)
        )?;
        writeln!(
            f,
            "  {} · {} ({})",
            show(&d.issuer),
            show(&d.signer),
            show(&d.signer_title)
        )?;
        let e = &self.extraction;
        if let Some(class) = e.confidentiality {
            writeln!(f, "  độ mật: {}", class.label())?;
        }
        writeln!(
            f,
            "  {} articles · {} symbols · {} bodies · {} deadlines · {} tasks",
            self.structure.len(),
            e.directive_numbers.len(),
            e.bodies.len(),
            e.deadlines.len(),
            e.tasks.len()
        )?;
        for task in &e.tasks {
            let due = task.due.map_or_else(|| "-".to_string(), |d| d.to_string());
            let action = task.action.as_deref().unwrap_or(&task.name);
            writeln!(
                f,
                "  {:<8} · {} · {due} · {action}",
                short_loc(&task.loc),
                task.lead.join(", ")
            )?;
        }
        Ok(())
    }
}
