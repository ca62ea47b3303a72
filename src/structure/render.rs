//! A readable text rendering of a parse: header, bases, and the outline
//! indented, each unit with its source line number.

use std::fmt;

use super::{Node, NodeKind, Parsed};

impl fmt::Display for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.document;
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        writeln!(
            f,
            "{} {} — {}, {}",
            show(&d.doc_type),
            show(&d.number),
            show(&d.place),
            show(&d.date)
        )?;
        writeln!(f, "  issuer: {}", show(&d.issuer))?;
        writeln!(f, "  title:  {}", show(&d.title))?;
        writeln!(f, "  signer: {} ({})", show(&d.signer), show(&d.signer_title))?;
        if !self.legal_bases.is_empty() {
            writeln!(f, "legal bases:")?;
        }
        for basis in &self.legal_bases {
            let parts: Vec<String> = [&basis.doc_type, &basis.number, &basis.date, &basis.issuer]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            writeln!(f, "  [{:>4}] {}", basis.span.source_line, parts.join(" · "))?;
        }
        if !self.outline.is_empty() {
            writeln!(f, "outline:")?;
        }
        for node in &self.outline {
            write_node(f, node, 1)?;
        }
        Ok(())
    }
}

fn write_node(f: &mut fmt::Formatter<'_>, node: &Node, depth: usize) -> fmt::Result {
    let name = match node.kind {
        NodeKind::Part => format!("Phần {}", node.label),
        NodeKind::Chapter => format!("Chương {}", node.label),
        NodeKind::Section => format!("Mục {}", node.label),
        NodeKind::Heading => format!("{}.", node.label),
        NodeKind::Article => format!("Điều {}.", node.label),
        NodeKind::Clause => format!("khoản {}", node.label),
        NodeKind::Point => format!("điểm {}", node.label),
    };
    let title = node.title.as_deref().map(|t| format!(" {t}")).unwrap_or_default();
    let lines = format!("{}-{}", node.extent.source_line, node.extent.end_source_line);
    writeln!(f, "  [{lines:>9}] {}{name}{title}", "  ".repeat(depth - 1))?;
    for child in &node.children {
        write_node(f, child, depth + 1)?;
    }
    Ok(())
}
