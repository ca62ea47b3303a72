//! Runs a page's content stream far enough to know what text is drawn where.
//!
//! Tracks the graphics state (`q`/`Q`/`cm`), the text state (`Tf`, `Tc`,
//! `Tw`, `Tz`, `TL`, `Ts`), the text and line matrices (`BT`, `Td`, `TD`,
//! `Tm`, `T*`) and the text-showing operators (`Tj`, `TJ`, `'`, `"`),
//! including text inside Form XObjects (`Do`). Every shown string becomes a
//! [`Run`] with its baseline in user space; the render mode is ignored on
//! purpose, since an OCR layer is invisible text (mode 3).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::lines::{PageLines, Point, Run};

/// Nesting limit for Form XObjects drawing Form XObjects.
const MAX_FORM_DEPTH: usize = 12;

/// Cap on a decompressed content stream (a text page is well under 1 MB).
pub const MAX_CONTENT_BYTES: usize = 64 << 20;

/// An affine transform `[a b c d e f]` as PDF writes it (row-vector convention).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translation(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` applied first, then `then`.
    fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [p, q, r, s, t, u] = then.0;
        Matrix([
            a * p + b * r,
            a * q + b * s,
            c * p + d * r,
            c * q + d * s,
            e * p + f * r + t,
            e * q + f * s + u,
        ])
    }

    fn apply(self, x: f32, y: f32) -> Point {
        let [a, b, c, d, e, f] = self.0;
        Point {
            x: x * a + y * c + e,
            y: x * b + y * d + f,
        }
    }
}

/// The text state parameters (part of the graphics state).
#[derive(Clone, Debug)]
struct TextState {
    font: Rc<Font>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
}

/// What `q` saves and `Q` restores.
#[derive(Clone, Debug)]
struct GraphicsState {
    ctm: Matrix,
    text: TextState,
}

/// Where a content stream finds its fonts and XObjects: nearest dictionary first.
#[derive(Clone, Debug, Default)]
pub struct Resources<'a>(pub Vec<&'a Dictionary>);

impl<'a> Resources<'a> {
    /// The entry `name` of the resource category `category` (`Font`, `XObject`).
    fn find(&self, doc: &'a Document, category: &[u8], name: &[u8]) -> Option<(Option<ObjectId>, &'a Object)> {
        self.0.iter().find_map(|resources| {
            let (_, entries) = doc.dereference(resources.get(category).ok()?).ok()?;
            let entry = entries.as_dict().ok()?.get(name).ok()?;
            let (id, object) = doc.dereference(entry).ok()?;
            Some((id.or(entry.as_reference().ok()), object))
        })
    }
}

/// Interprets the content streams of one page.
pub struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut HashMap<ObjectId, Rc<Font>>,
    state: GraphicsState,
    saved: Vec<GraphicsState>,
    text_matrix: Matrix,
    line_matrix: Matrix,
    lines: PageLines,
    forms: Vec<ObjectId>,
}

impl<'a> Interpreter<'a> {
    /// A fresh interpreter; `fonts` caches loaded fonts across pages.
    pub fn new(doc: &'a Document, fonts: &'a mut HashMap<ObjectId, Rc<Font>>) -> Self {
        let text = TextState {
            font: Rc::new(Font::fallback()),
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        Interpreter {
            doc,
            fonts,
            state: GraphicsState {
                ctm: Matrix::IDENTITY,
                text,
            },
            saved: Vec::new(),
            text_matrix: Matrix::IDENTITY,
            line_matrix: Matrix::IDENTITY,
            lines: PageLines::default(),
            forms: Vec::new(),
        }
    }

    /// Runs a decompressed content stream; `Err` says where damage stopped
    /// it (the runs before the damage are kept).
    pub fn run(&mut self, content: &[u8], resources: &Resources<'a>) -> Result<(), String> {
        if let Ok(whole) = Content::decode_strict(content) {
            whole
                .operations
                .iter()
                .for_each(|op| self.operate(&op.operator, &op.operands, resources));
            return Ok(());
        }
        let mut done = 0;
        for operation in Content::decode_iter(content).map_while(Result::ok) {
            self.operate(&operation.operator, &operation.operands, resources);
            done += 1;
        }
        Err(format!(
            "content stream damaged after {done} operations, the rest of its text is lost"
        ))
    }

    /// The lines of text drawn so far.
    pub fn finish(self) -> Vec<String> {
        self.lines.finish()
    }

    fn operate(&mut self, operator: &str, operands: &[Object], resources: &Resources<'a>) {
        let n = |i: usize| {
            operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .filter(|v| v.is_finite())
        };
        let text = &mut self.state.text;
        match operator {
            "q" => self.saved.push(self.state.clone()),
            "Q" => self.state = self.saved.pop().unwrap_or_else(|| self.state.clone()),
            "cm" => {
                if let Some(m) = matrix(operands) {
                    self.state.ctm = m.then(self.state.ctm);
                }
            }
            "BT" => {
                self.text_matrix = Matrix::IDENTITY;
                self.line_matrix = Matrix::IDENTITY;
            }
            "Tf" => {
                text.size = n(1).unwrap_or(text.size);
                if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                    self.state.text.font = self.load_font(resources, name);
                }
            }
            "Tc" => text.char_spacing = n(0).unwrap_or(text.char_spacing),
            "Tw" => text.word_spacing = n(0).unwrap_or(text.word_spacing),
            "Tz" => text.horizontal_scale = n(0).map_or(text.horizontal_scale, |s| s / 100.0),
            "TL" => text.leading = n(0).unwrap_or(text.leading),
            "Ts" => text.rise = n(0).unwrap_or(text.rise),
            "Td" => self.move_line(n(0), n(1)),
            "TD" => {
                text.leading = n(1).map_or(text.leading, |ty| -ty);
                self.move_line(n(0), n(1));
            }
            "Tm" => {
                if let Some(m) = matrix(operands) {
                    self.text_matrix = m;
                    self.line_matrix = m;
                }
            }
            "T*" => self.next_line(),
            "Tj" => self.show_operand(operands.first()),
            "'" => {
                self.next_line();
                self.show_operand(operands.first());
            }
            "\"" => {
                text.word_spacing = n(0).unwrap_or(text.word_spacing);
                text.char_spacing = n(1).unwrap_or(text.char_spacing);
                self.next_line();
                self.show_operand(operands.get(2));
            }
            "TJ" => self.show_array(operands.first()),
            "Do" => {
                if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                    self.draw_form(resources, name);
                }
            }
            _ => {}
        }
    }

    fn move_line(&mut self, tx: Option<f32>, ty: Option<f32>) {
        if let (Some(tx), Some(ty)) = (tx, ty) {
            self.line_matrix = Matrix::translation(tx, ty).then(self.line_matrix);
            self.text_matrix = self.line_matrix;
        }
    }

    fn next_line(&mut self) {
        let leading = self.state.text.leading;
        self.move_line(Some(0.0), Some(-leading));
    }

    fn show_operand(&mut self, operand: Option<&Object>) {
        if let Some(bytes) = operand.and_then(|o| o.as_str().ok()) {
            self.show(bytes);
        }
    }

    fn show_array(&mut self, operand: Option<&Object>) {
        let Some(items) = operand.and_then(|o| o.as_array().ok()) else {
            return;
        };
        for item in items {
            match item {
                Object::String(bytes, _) => self.show(bytes),
                other => {
                    if let Ok(adjust) = other.as_float() {
                        let text = &self.state.text;
                        let shift = -adjust / 1000.0 * text.size * text.horizontal_scale;
                        self.text_matrix = Matrix::translation(shift, 0.0).then(self.text_matrix);
                    }
                }
            }
        }
    }

    /// Draws one string: records its run and advances the text matrix.
    fn show(&mut self, bytes: &[u8]) {
        let text = &self.state.text;
        let shown = text.font.show(bytes);
        let advance = (shown.width * text.size
            + shown.glyphs as f32 * text.char_spacing
            + shown.word_spaces as f32 * text.word_spacing)
            * text.horizontal_scale;
        let to_user = self.text_matrix.then(self.state.ctm);
        let start = Matrix::translation(0.0, text.rise).then(to_user).apply(0.0, 0.0);
        self.text_matrix = Matrix::translation(advance, 0.0).then(self.text_matrix);
        let end = Matrix::translation(0.0, text.rise)
            .then(self.text_matrix.then(self.state.ctm))
            .apply(0.0, 0.0);
        let [a, b, c, d, ..] = to_user.0;
        let length = a.hypot(b);
        let direction = if length > 0.0 {
            Point {
                x: a / length,
                y: b / length,
            }
        } else {
            Point { x: 1.0, y: 0.0 }
        };
        let size = text.size.abs() * c.hypot(d);
        self.lines.push(Run {
            text: shown.text,
            start,
            end,
            direction,
            size,
        });
    }

    fn load_font(&mut self, resources: &Resources<'a>, name: &[u8]) -> Rc<Font> {
        let Some((id, object)) = resources.find(self.doc, b"Font", name) else {
            return Rc::new(Font::fallback());
        };
        let Ok(dict) = object.as_dict() else {
            return Rc::new(Font::fallback());
        };
        match id {
            Some(id) => self
                .fonts
                .entry(id)
                .or_insert_with(|| Rc::new(Font::load(self.doc, dict)))
                .clone(),
            None => Rc::new(Font::load(self.doc, dict)),
        }
    }

    /// Runs a Form XObject's content with its matrix and resources.
    fn draw_form(&mut self, resources: &Resources<'a>, name: &[u8]) {
        let Some((id, object)) = resources.find(self.doc, b"XObject", name) else {
            return;
        };
        let Ok(stream) = object.as_stream() else {
            return;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Form");
        let recursive = id.is_some_and(|id| self.forms.contains(&id));
        if !is_form || recursive || self.forms.len() >= MAX_FORM_DEPTH {
            return;
        }
        let Ok(content) = stream.get_plain_content_with_limit(MAX_CONTENT_BYTES) else {
            return;
        };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| self.doc.dereference(r).ok()?.1.as_dict().ok());
        let form_resources = match own {
            Some(dict) => Resources(std::iter::once(dict).chain(resources.0.iter().copied()).collect()),
            None => resources.clone(),
        };
        let form_matrix = stream.dict.get(b"Matrix").ok().and_then(|m| matrix(m.as_array().ok()?));
        self.saved.push(self.state.clone());
        self.state.ctm = form_matrix.unwrap_or(Matrix::IDENTITY).then(self.state.ctm);
        self.forms.push(id.unwrap_or((0, 0)));
        // Damage inside a form costs the form's remaining text only.
        let _ = self.run(&content, &form_resources);
        self.forms.pop();
        self.state = self.saved.pop().unwrap_or_else(|| self.state.clone());
    }
}

/// Six numbers as a matrix.
fn matrix(operands: &[Object]) -> Option<Matrix> {
    let numbers: Vec<f32> = operands
        .iter()
        .filter_map(|o| o.as_float().ok())
        .filter(|v| v.is_finite())
        .collect();
    let values: [f32; 6] = numbers.try_into().ok()?;
    Some(Matrix(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_text(content: &[u8]) -> Vec<String> {
        let doc = Document::with_version("1.5");
        let mut fonts = HashMap::new();
        let mut interpreter = Interpreter::new(&doc, &mut fonts);
        interpreter.run(content, &Resources::default()).unwrap();
        interpreter.finish()
    }

    #[test]
    fn td_moves_make_words_and_lines() {
        let content = b"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Quy) Tj 30 0 Td (che) Tj -30 -14 Td (phoi) Tj ET";
        assert_eq!(page_text(content), ["Quy che", "phoi"]);
    }

    #[test]
    fn tj_kerning_and_quote_operators() {
        let content = b"BT /F1 10 Tf 14 TL 72 700 Td [(Ban)-30(h)-400(Noi)] TJ (chinh) ' 2 1 (Tinh) \" ET";
        assert_eq!(page_text(content), ["Banh Noi", "chinh", "Tinh"]);
    }

    #[test]
    fn graphics_state_scales_positions() {
        // Under a 2x CTM the 8-unit gap is 16 pt at a 24 pt font: still a space.
        let content =
            b"q 2 0 0 2 0 0 cm BT /F1 12 Tf 10 300 Td (a) Tj 8 0 Td (b) Tj ET Q BT /F1 12 Tf 10 100 Td (c) Tj ET";
        assert_eq!(page_text(content), ["a b", "c"]);
    }

    #[test]
    fn damaged_content_keeps_earlier_text() {
        let doc = Document::with_version("1.5");
        let mut fonts = HashMap::new();
        let mut interpreter = Interpreter::new(&doc, &mut fonts);
        let result = interpreter.run(
            b"BT /F1 12 Tf 72 700 Td (kept) Tj ET BT (unterminated",
            &Resources::default(),
        );
        assert!(result.is_err());
        assert_eq!(interpreter.finish(), ["kept"]);
    }

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translation(10.0, 5.0);
        assert_eq!(shift.then(scale).apply(1.0, 1.0), Point { x: 22.0, y: 12.0 });
        assert_eq!(scale.then(shift).apply(1.0, 1.0), Point { x: 12.0, y: 7.0 });
    }
}
