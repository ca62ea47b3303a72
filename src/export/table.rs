//! The task feed as an aligned text table, for people at a terminal.

use std::io::Write;

use super::{ExportError, TrackerRow};
use crate::index::records::TaskRecord;

/// Widest a column (other than the last) may be, in characters.
const MAX_WIDTH: usize = 40;

/// A column: its header and the field of a [`TrackerRow`] it shows.
type Column = (&'static str, fn(&TrackerRow) -> &str);

/// The columns, left to right.
const COLUMNS: [Column; 6] = [
    ("Hạn", |r| &r.due),
    ("Tình hình", |r| &r.status),
    ("Văn bản", |r| &r.document),
    ("Vị trí", |r| &r.loc),
    ("Chủ trì", |r| &r.lead),
    ("Tên nhiệm vụ", |r| &r.name),
];

/// Writes `tasks` as a table with a header line, columns padded to their widest cell.
pub(super) fn write(tasks: &[TaskRecord], mut out: impl Write) -> Result<(), ExportError> {
    let rows: Vec<TrackerRow> = tasks.iter().map(TrackerRow::of).collect();
    let cells: Vec<Vec<String>> = std::iter::once(COLUMNS.map(|(header, _)| header.to_string()).to_vec())
        .chain(
            rows.iter()
                .map(|row| COLUMNS.map(|(_, field)| clip(field(row))).to_vec()),
        )
        .collect();
    let widths: Vec<usize> = (0..COLUMNS.len())
        .map(|c| cells.iter().map(|row| row[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &cells {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "{} nhiệm vụ", tasks.len())?;
    Ok(())
}

/// A cell cut to [`MAX_WIDTH`] characters, with `…` when cut.
fn clip(text: &str) -> String {
    if text.chars().count() <= MAX_WIDTH {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(MAX_WIDTH - 1).collect();
    clipped.push('…');
    clipped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_tasks;

    #[test]
    fn columns_line_up_whatever_the_diacritics() {
        let mut out = Vec::new();
        write(&sample_tasks(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        let status_column = lines[0][..lines[0].find("Tình hình").unwrap()].chars().count();
        let status_cell: String = lines[1]
            .chars()
            .skip(status_column)
            .take("đang thực hiện".chars().count())
            .collect();
        assert_eq!(status_cell, "đang thực hiện");
        assert_eq!(lines[3], "2 nhiệm vụ");
    }

    #[test]
    fn long_cells_are_clipped() {
        let long = "x".repeat(MAX_WIDTH + 5);
        assert_eq!(clip(&long).chars().count(), MAX_WIDTH);
        assert!(clip(&long).ends_with('…'));
        assert_eq!(clip("ngắn"), "ngắn");
    }
}
