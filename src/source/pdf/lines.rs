//! Text runs placed on a page → lines, in content-stream order.
//!
//! OCR layers (Tesseract's `pdf` renderer) and most producers write text
//! in reading order, so lines are built in stream order, as pdftotext
//! does: a run whose baseline is off the current line's by more than half
//! the font size starts a new line; a run that starts past the end of the
//! previous one by more than [`WORD_GAP`] ems gets a space before it. A
//! vertical gap clearly larger than the page's usual line pitch (a new
//! paragraph) becomes an empty line, the way Tesseract's own text output
//! separates paragraphs.

/// A point or vector in PDF user space (points, y up).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f32,
    /// Vertical coordinate.
    pub y: f32,
}

impl Point {
    fn minus(self, other: Point) -> Point {
        Point {
            x: self.x - other.x,
            y: self.y - other.y,
        }
    }

    fn dot(self, other: Point) -> f32 {
        self.x * other.x + self.y * other.y
    }

    /// The direction 90° counter-clockwise (from the baseline to "up").
    fn up(self) -> Point {
        Point { x: -self.y, y: self.x }
    }
}

/// A string drawn on the page: its text and where its baseline starts and ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The decoded text.
    pub text: String,
    /// Start of the baseline.
    pub start: Point,
    /// End of the baseline (where the next glyph would go).
    pub end: Point,
    /// Unit vector along the baseline.
    pub direction: Point,
    /// Font size in user space units.
    pub size: f32,
}

/// A gap wider than this share of the font size between two runs of a line is a space.
pub const WORD_GAP: f32 = 0.15;

/// A baseline shift above this share of the font size starts a new line.
const LINE_SHIFT: f32 = 0.5;

/// A line pitch above this multiple of the page's median pitch marks a new paragraph.
const PARAGRAPH_PITCH: f32 = 1.3;

/// Pitches above this many font sizes (columns, page regions) are left out of the median.
const MAX_NORMAL_PITCH: f32 = 3.0;

/// Runs that differ in direction by more than this (cosine) never share a line.
const SAME_DIRECTION: f32 = 0.98;

/// A line of a page under construction.
#[derive(Clone, Debug)]
struct PlacedLine {
    text: String,
    /// Start of the first run's baseline.
    origin: Point,
    direction: Point,
    size: f32,
    /// End of the last run's baseline.
    end: Point,
}

impl PlacedLine {
    fn new(run: Run) -> Self {
        PlacedLine {
            text: run.text,
            origin: run.start,
            direction: run.direction,
            size: run.size,
            end: run.end,
        }
    }

    /// Whether `run` continues this line (same direction, same baseline).
    fn continues_with(&self, run: &Run) -> bool {
        let offset = run.start.minus(self.end);
        let size = self.size.max(run.size);
        self.direction.dot(run.direction) >= SAME_DIRECTION
            && offset.dot(self.direction.up()).abs() <= LINE_SHIFT * size
    }

    fn append(&mut self, run: Run) {
        let gap = run.start.minus(self.end).dot(self.direction);
        let spaced = self.text.ends_with(char::is_whitespace) || run.text.starts_with(char::is_whitespace);
        if gap > WORD_GAP * self.size.max(run.size) && !spaced && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(&run.text);
        self.end = run.end;
        self.size = self.size.max(run.size);
    }
}

/// Collects the runs of one page and cuts them into lines.
#[derive(Debug, Default)]
pub struct PageLines {
    lines: Vec<PlacedLine>,
}

impl PageLines {
    /// Adds the next run in content-stream order.
    pub fn push(&mut self, run: Run) {
        if !(run.size.is_finite() && run.start.x.is_finite() && run.start.y.is_finite()) || run.text.is_empty() {
            return;
        }
        match self.lines.last_mut() {
            Some(line) if line.continues_with(&run) => line.append(run),
            _ => self.lines.push(PlacedLine::new(run)),
        }
    }

    /// The page's lines, trimmed, with an empty line before each new paragraph.
    pub fn finish(self) -> Vec<String> {
        let lines: Vec<PlacedLine> = self.lines.into_iter().filter(|l| !l.text.trim().is_empty()).collect();
        let pitches: Vec<Option<f32>> = std::iter::once(None)
            .chain(lines.windows(2).map(|pair| pitch(&pair[0], &pair[1])))
            .collect();
        let usual = median_pitch(&pitches);
        let mut out = Vec::with_capacity(lines.len() * 2);
        for (line, pitch) in lines.into_iter().zip(pitches) {
            let paragraph = matches!((pitch, usual), (Some(p), Some(u)) if p > PARAGRAPH_PITCH * u);
            if paragraph {
                out.push(String::new());
            }
            out.push(line.text.trim().to_owned());
        }
        out
    }
}

/// Distance down from `above`'s baseline to `below`'s, when `below` is below it.
fn pitch(above: &PlacedLine, below: &PlacedLine) -> Option<f32> {
    let down = above.origin.minus(below.origin).dot(above.direction.up());
    (down > 0.0 && down <= MAX_NORMAL_PITCH * above.size.max(below.size)).then_some(down)
}

/// The median line pitch of a page with at least three measurable pitches.
fn median_pitch(pitches: &[Option<f32>]) -> Option<f32> {
    let mut known: Vec<f32> = pitches.iter().flatten().copied().collect();
    if known.len() < 3 {
        return None;
    }
    known.sort_by(f32::total_cmp);
    Some(known[known.len() / 4])
}

#[cfg(test)]
mod tests {
    use super::*;

    const RIGHT: Point = Point { x: 1.0, y: 0.0 };

    fn run(text: &str, x: f32, y: f32, width: f32) -> Run {
        let start = Point { x, y };
        Run {
            text: text.into(),
            start,
            end: Point { x: x + width, y },
            direction: RIGHT,
            size: 12.0,
        }
    }

    fn lines(runs: Vec<Run>) -> Vec<String> {
        let mut page = PageLines::default();
        runs.into_iter().for_each(|r| page.push(r));
        page.finish()
    }

    #[test]
    fn words_gaps_and_baselines() {
        let runs = vec![
            run("Điều", 50.0, 700.0, 30.0),
            run("1.", 84.0, 700.0, 10.0), // 4 pt gap: a space
            run("a", 94.5, 700.0, 6.0),   // 0.5 pt: same word
            run("b ", 100.0, 701.0, 9.0), // trailing space, baseline jitter
            run("c", 110.0, 700.0, 6.0),
            run("Next", 50.0, 683.0, 30.0), // new baseline
        ];
        assert_eq!(lines(runs), ["Điều 1.ab c", "Next"]);
    }

    #[test]
    fn skewed_lines_follow_their_direction() {
        let angle: f32 = 0.01;
        let direction = Point {
            x: angle.cos(),
            y: angle.sin(),
        };
        let at = |d: f32, up: f32| Point {
            x: 50.0 + d * direction.x - up * direction.y,
            y: 700.0 + d * direction.y + up * direction.x,
        };
        let word = |text: &str, d: f32, up: f32| Run {
            text: text.into(),
            start: at(d, up),
            end: at(d + 40.0, up),
            direction,
            size: 12.0,
        };
        let page = lines(vec![
            word("một", 0.0, 0.0),
            word("hai", 400.0, 0.0),
            word("ba", 0.0, -17.0),
        ]);
        assert_eq!(page, ["một hai", "ba"]);
    }

    #[test]
    fn wide_pitch_marks_a_paragraph() {
        let ys = [700.0, 683.0, 666.0, 643.0, 626.0];
        let runs = ys
            .iter()
            .enumerate()
            .map(|(i, &y)| run(&format!("l{i}"), 50.0, y, 20.0))
            .collect();
        assert_eq!(lines(runs), ["l0", "l1", "l2", "", "l3", "l4"]);
    }

    #[test]
    fn blank_and_broken_runs_are_dropped() {
        let mut nan = run("x", f32::NAN, 700.0, 5.0);
        nan.end.x = f32::NAN;
        assert_eq!(
            lines(vec![run("  ", 50.0, 700.0, 6.0), nan, run("y", 50.0, 680.0, 6.0)]),
            ["y"]
        );
    }
}
