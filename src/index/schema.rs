//! The index schema and the rows a [`DocumentRecord`] becomes.
//!
//! One tantivy index holds three kinds of row, told apart by `kind`:
//! a `document` row (header and full text), an `article` row per Điều and a
//! `task` row per task. Every row carries its document's id and header
//! values, so any kind can be filtered by issuer, type or year. Searchable
//! text is indexed twice (exact and folded, see [`super::analyzer`]); what a
//! hit shows is stored as one JSON value, [`StoredRow`], beside the stored
//! original body (kept out of the JSON: no escaping of long texts).

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    DateOptions, FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime, TantivyDocument};

use super::analyzer::{self, nfc};
use super::records::{ArticleRecord, DocumentRecord, TaskRecord, pages_started_by};
use crate::structure::Loc;

/// The kind of an index row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A whole document.
    Document,
    /// One Điều of a document.
    Article,
    /// One task of a document.
    Task,
}

impl Kind {
    /// The value of the `kind` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Article => "article",
            Kind::Task => "task",
        }
    }
}

/// What a row shows when it is a hit: stored as JSON, except `body`, stored as text.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredRow {
    /// Document, article or task.
    pub kind: Kind,
    /// The document's id.
    pub doc_id: String,
    /// The document's symbol.
    pub symbol: Option<String>,
    /// The document's type.
    pub doc_type: Option<String>,
    /// The row's title: the document's title, the article's title or the task's name.
    pub title: Option<String>,
    /// The source file.
    pub path: PathBuf,
    /// 1-based line of the row's first line of `body`.
    pub line: u32,
    /// Page of that line.
    pub page: u32,
    /// Lines of `body` (as source lines) at which a new page starts.
    pub page_starts: Vec<u32>,
    /// Where the row sits (empty for a document).
    pub loc: Loc,
    /// The original text that snippets are cut from (the stored `body` field).
    #[serde(skip)]
    pub body: String,
    /// The task, for a task row.
    pub task: Option<TaskRecord>,
}

impl StoredRow {
    /// A row of `kind` of a document, cut from `body` (made NFC), starting on line 1, page 1.
    fn new(record: &DocumentRecord, kind: Kind, body: &str) -> Self {
        StoredRow {
            kind,
            doc_id: record.id.clone(),
            symbol: record.header.number.clone(),
            doc_type: record.header.doc_type.clone(),
            title: None,
            path: record.path.clone(),
            line: 1,
            page: 1,
            page_starts: Vec::new(),
            loc: Loc::default(),
            body: nfc(body).into_owned(),
            task: None,
        }
    }

    /// The page of source line `line` (a line of this row).
    pub fn page_of_line(&self, line: u32) -> u32 {
        self.page + pages_started_by(&self.page_starts, line)
    }
}

/// The fields of the index schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// `document`, `article` or `task`.
    pub kind: Field,
    /// The document's id (content hash).
    pub doc_id: Field,
    /// Number and symbol (raw, fast).
    pub symbol: Field,
    /// Document type (raw, fast).
    pub doc_type: Field,
    /// Issuing body (raw, fast).
    pub issuer: Field,
    /// Year of issue (fast).
    pub year: Field,
    /// Date of issue (fast).
    pub date: Field,
    /// A task's due date (fast).
    pub due: Field,
    /// A task's status at ingest (raw, fast).
    pub status: Field,
    /// A task's lead bodies (raw, fast, one value each).
    pub lead: Field,
    /// A task's lead bodies, folded text, for the `--lead` filter.
    pub lead_folded: Field,
    /// `/kind/…`, `/type/…`, `/year/…`, `/issuer/…`, `/lead/…`, `/status/…`.
    pub facets: Field,
    /// Titles, symbol, bodies named: exact analyzer.
    pub title: Field,
    /// The same, folded.
    pub title_folded: Field,
    /// The row's text: exact analyzer, stored.
    pub body: Field,
    /// The same, folded.
    pub body_folded: Field,
    /// The [`StoredRow`] JSON (without its body).
    pub row: Field,
}

impl Fields {
    /// The schema and its fields.
    pub fn build() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let raw = STRING | FAST;
        let date = DateOptions::from(INDEXED) | FAST;
        let fields = Fields {
            kind: builder.add_text_field("kind", raw.clone()),
            doc_id: builder.add_text_field("doc_id", STRING),
            symbol: builder.add_text_field("symbol", raw.clone()),
            doc_type: builder.add_text_field("doc_type", raw.clone()),
            issuer: builder.add_text_field("issuer", raw.clone()),
            year: builder.add_u64_field("year", INDEXED | FAST),
            date: builder.add_date_field("date", date.clone()),
            due: builder.add_date_field("due", date),
            status: builder.add_text_field("status", raw.clone()),
            lead: builder.add_text_field("lead", raw),
            lead_folded: builder.add_text_field("lead_folded", text_options(analyzer::FOLDED)),
            facets: builder.add_facet_field("facets", FacetOptions::default()),
            title: builder.add_text_field("title", text_options(analyzer::EXACT)),
            title_folded: builder.add_text_field("title_folded", text_options(analyzer::FOLDED)),
            body: builder.add_text_field("body", text_options(analyzer::EXACT).set_stored()),
            body_folded: builder.add_text_field("body_folded", text_options(analyzer::FOLDED)),
            row: builder.add_text_field("row", STORED),
        };
        (builder.build(), fields)
    }

    /// The fields of a built schema (an index opened from disk).
    pub fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            kind: field("kind")?,
            doc_id: field("doc_id")?,
            symbol: field("symbol")?,
            doc_type: field("doc_type")?,
            issuer: field("issuer")?,
            year: field("year")?,
            date: field("date")?,
            due: field("due")?,
            status: field("status")?,
            lead: field("lead")?,
            lead_folded: field("lead_folded")?,
            facets: field("facets")?,
            title: field("title")?,
            title_folded: field("title_folded")?,
            body: field("body")?,
            body_folded: field("body_folded")?,
            row: field("row")?,
        })
    }

    /// Every row of a document: the document, its articles, its tasks.
    ///
    /// Task statuses are indexed as of `today`. Fails only when
    /// the stored JSON cannot be written (a path that is not UTF-8).
    pub fn rows(&self, record: &DocumentRecord, today: NaiveDate) -> serde_json::Result<Vec<TantivyDocument>> {
        let mut rows = vec![self.document_row(record)?];
        for article in &record.articles {
            rows.push(self.article_row(record, article)?);
        }
        for task in &record.tasks {
            rows.push(self.task_row(record, task, today)?);
        }
        Ok(rows)
    }

    fn document_row(&self, record: &DocumentRecord) -> serde_json::Result<TantivyDocument> {
        let header = &record.header;
        let title = [header.doc_type.as_deref(), header.title.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let mut stored = StoredRow::new(record, Kind::Document, &record.text);
        stored.title = (!title.is_empty()).then(|| title.join(" "));
        stored.page_starts = record.page_lines.iter().copied().filter(|&l| l > 1).collect();
        let mut row = self.common(record, &stored)?;
        let titles = [
            stored.title.as_deref(),
            header.number.as_deref(),
            header.issuer.as_deref(),
        ];
        for value in titles.into_iter().flatten() {
            self.add_text(&mut row, self.title, self.title_folded, value);
        }
        Ok(row)
    }

    fn article_row(&self, record: &DocumentRecord, article: &ArticleRecord) -> serde_json::Result<TantivyDocument> {
        let last_line = article.line + article.text.matches('\n').count() as u32;
        let mut stored = StoredRow::new(record, Kind::Article, &article.text);
        stored.title = article.title.clone();
        stored.line = article.line;
        stored.page = article.page;
        stored.page_starts = record
            .page_lines
            .iter()
            .copied()
            .filter(|&l| l > article.line && l <= last_line)
            .collect();
        stored.loc = Loc {
            part: article.part,
            article: article.number.clone(),
            ..Loc::default()
        };
        let mut row = self.common(record, &stored)?;
        if let Some(title) = &article.title {
            self.add_text(&mut row, self.title, self.title_folded, title);
        }
        Ok(row)
    }

    fn task_row(
        &self,
        record: &DocumentRecord,
        task: &TaskRecord,
        today: NaiveDate,
    ) -> serde_json::Result<TantivyDocument> {
        let item = &task.task;
        let mut stored = StoredRow::new(record, Kind::Task, item.action.as_deref().unwrap_or_default());
        stored.title = Some(item.name.clone());
        stored.line = item.span.source_line;
        stored.page = item.span.page;
        stored.loc = item.loc.clone();
        stored.task = Some(task.clone());
        let mut row = self.common(record, &stored)?;
        for value in std::iter::once(&item.name)
            .chain(&item.lead)
            .chain(item.support.iter().flatten())
        {
            self.add_text(&mut row, self.title, self.title_folded, value);
        }
        for lead in &item.lead {
            row.add_text(self.lead, lead);
            row.add_text(self.lead_folded, nfc(lead));
            row.add_facet(self.facets, Facet::from_path(["lead", lead.as_str()]));
        }
        if let Some(due) = item.due {
            row.add_date(self.due, day(due));
        }
        let status = item.status_on(today);
        row.add_text(self.status, status.label());
        row.add_facet(self.facets, Facet::from_path(["status", status.label()]));
        Ok(row)
    }

    /// A row with the fields every kind has: kind, document header, body, stored JSON.
    fn common(&self, record: &DocumentRecord, stored: &StoredRow) -> serde_json::Result<TantivyDocument> {
        let mut row = TantivyDocument::default();
        row.add_text(self.kind, stored.kind.as_str());
        row.add_facet(self.facets, Facet::from_path(["kind", stored.kind.as_str()]));
        row.add_text(self.doc_id, &record.id);
        let header = &record.header;
        let values = [
            (self.symbol, "symbol", &header.number),
            (self.doc_type, "type", &header.doc_type),
            (self.issuer, "issuer", &header.issuer),
        ];
        for (field, facet, value) in values {
            if let Some(value) = value {
                row.add_text(field, value);
                row.add_facet(self.facets, Facet::from_path([facet, value.as_str()]));
            }
        }
        if let Some(date) = header.issued_on() {
            let year = u64::try_from(chrono::Datelike::year(&date)).unwrap_or(0);
            row.add_u64(self.year, year);
            row.add_date(self.date, day(date));
            row.add_facet(self.facets, Facet::from_path(["year".to_string(), year.to_string()]));
        }
        self.add_text(&mut row, self.body, self.body_folded, &stored.body);
        row.add_text(self.row, serde_json::to_string(stored)?);
        Ok(row)
    }

    fn add_text(&self, row: &mut TantivyDocument, exact: Field, folded: Field, text: &str) {
        let text = nfc(text);
        row.add_text(exact, &text);
        row.add_text(folded, &text);
    }
}

/// Midnight UTC of a day, as tantivy stores dates.
pub fn day(date: NaiveDate) -> DateTime {
    DateTime::from_timestamp_secs(date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
}

/// Text options of a searchable field: the given analyzer, with positions for phrases.
fn text_options(analyzer: &str) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    TextOptions::default().set_indexing_options(indexing)
}
