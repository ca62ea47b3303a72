//! Stage 6, index: documents, articles and tasks in one tantivy index.
//!
//! Reads: [`DocumentRecord`]s (see [`records`]). Writes: a tantivy index in a
//! directory, searchable with or without diacritics ([`search`]), and the
//! task feed that seeds the tracker ([`VanbanIndex::tasks`]).
//!
//! - [`records`]: the input records, the contract with the pipeline.
//! - [`analyzer`]: exact and folded analyzers whose offsets point into the original text.
//! - [`schema`]: the fields and the rows a record becomes.
//! - [`ingest`]: parallel, idempotent, crash-safe batch ingest.
//! - [`search`]: ranked hits with highlighted snippets and their source place.

pub mod analyzer;
pub mod ingest;
pub mod records;
pub mod schema;
pub mod search;

use std::ops::Bound;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::directory::{Lock, MmapDirectory};
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};
use thiserror::Error;

pub use ingest::{IngestOptions, IngestSummary, Progress, ingest};
pub use records::{ArticleRecord, DocumentRecord, TaskRecord};
pub use schema::{Fields, Kind, StoredRow};
pub use search::{Hit, SearchRequest, SearchResults};

/// The index directory the commands use when none is given.
pub const DEFAULT_DIR: &str = "vanban-index";

/// Why the index could not be opened, written or read.
#[derive(Debug, Error)]
pub enum IndexError {
    /// There is no index in the directory.
    #[error("{0}: no index here (build one with `vanban ingest`)")]
    NotFound(PathBuf),
    /// Another process holds the index's writer lock.
    #[error(
        "{0}: the index is being written by another process (its writer lock is held); try again when it has finished"
    )]
    Locked(PathBuf),
    /// The directory holds an index with another schema.
    #[error(
        "{dir}: the index has another schema than this version of vanban writes ({reason}); remove it and ingest again"
    )]
    Schema {
        /// The index directory.
        dir: PathBuf,
        /// What tantivy said.
        reason: String,
    },
    /// tantivy failed.
    #[error("{dir}: {source}")]
    Tantivy {
        /// The index directory.
        dir: PathBuf,
        /// What tantivy said.
        source: tantivy::TantivyError,
    },
    /// A stored row could not be read back.
    #[error("{dir}: a stored row is damaged: {source}")]
    Row {
        /// The index directory.
        dir: PathBuf,
        /// What the JSON reader said.
        source: serde_json::Error,
    },
}

/// An open index: the tantivy index, its fields and a reader.
pub struct VanbanIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
}

/// How many rows of each kind an index holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IndexStats {
    /// Document rows.
    pub documents: usize,
    /// Article rows.
    pub articles: usize,
    /// Task rows.
    pub tasks: usize,
}

/// Which tasks [`VanbanIndex::tasks`] returns.
#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    /// Only tasks whose lead body contains these words (in order, diacritics optional).
    pub lead: Option<String>,
    /// Only tasks due strictly before this day.
    pub due_before: Option<NaiveDate>,
    /// Only tasks due strictly after this day.
    pub due_after: Option<NaiveDate>,
}

/// Name of the lock file that serialises the creation of an index.
const CREATE_LOCK: &str = ".vanban-create.lock";

impl VanbanIndex {
    /// Opens the index in `dir`; fails with [`IndexError::NotFound`] when there is none.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        let directory = MmapDirectory::open(dir).map_err(|_| IndexError::NotFound(dir.to_path_buf()))?;
        let exists = Index::exists(&directory).map_err(|e| tantivy_error(dir, e.into()))?;
        if !exists {
            return Err(IndexError::NotFound(dir.to_path_buf()));
        }
        let index = Index::open(directory).map_err(|e| tantivy_error(dir, e))?;
        Self::wrap(dir, index)
    }

    /// Opens the index in `dir`, creating the directory and an empty index when absent.
    ///
    /// Creation holds a lock file, so two processes starting at once on a
    /// new directory create one index, not two in turn.
    pub fn open_or_create(dir: &Path) -> Result<Self, IndexError> {
        std::fs::create_dir_all(dir).map_err(|e| tantivy_error(dir, e.into()))?;
        let directory = MmapDirectory::open(dir).map_err(|e| tantivy_error(dir, e.into()))?;
        let lock = Lock {
            filepath: PathBuf::from(CREATE_LOCK),
            is_blocking: true,
        };
        let guard = tantivy::Directory::acquire_lock(&directory, &lock).map_err(|e| tantivy_error(dir, e.into()))?;
        let index = Index::open_or_create(directory, Fields::build().0).map_err(|error| match error {
            tantivy::TantivyError::SchemaError(reason) => IndexError::Schema {
                dir: dir.to_path_buf(),
                reason,
            },
            other => tantivy_error(dir, other),
        })?;
        drop(guard);
        Self::wrap(dir, index)
    }

    fn wrap(dir: &Path, index: Index) -> Result<Self, IndexError> {
        analyzer::register(&index);
        let fields = Fields::of(&index.schema()).map_err(|e| IndexError::Schema {
            dir: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| tantivy_error(dir, e))?;
        Ok(VanbanIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
        })
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The fields of the schema.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Makes the reader see the last commit.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload().map_err(|e| self.error(e))
    }

    /// How many rows of each kind the index holds (as of the last reload).
    pub fn stats(&self) -> Result<IndexStats, IndexError> {
        let count = |kind: Kind| self.count(&self.kind_query(kind));
        Ok(IndexStats {
            documents: count(Kind::Document)?,
            articles: count(Kind::Article)?,
            tasks: count(Kind::Task)?,
        })
    }

    /// How many document rows carry the id `id` (0 or 1 in a sound index).
    pub fn document_rows(&self, id: &str) -> Result<usize, IndexError> {
        let query = BooleanQuery::intersection(vec![
            self.kind_query(Kind::Document),
            self.term_query(self.fields.doc_id, id),
        ]);
        self.count(&query)
    }

    /// The tasks that pass `filter`, by due date (undated last), then document and position.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskRecord>, IndexError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.kind_query(Kind::Task))];
        if let Some(lead) = &filter.lead {
            clauses.push((Occur::Must, self.lead_query(lead)?));
        }
        if filter.due_before.is_some() || filter.due_after.is_some() {
            let bound = |date: Option<NaiveDate>| match date {
                Some(date) => Bound::Excluded(Term::from_field_date_for_search(self.fields.due, schema::day(date))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(filter.due_after), bound(filter.due_before))),
            ));
        }
        let searcher = self.reader.searcher();
        let addresses = searcher
            .search(&BooleanQuery::new(clauses), &DocSetCollector)
            .map_err(|e| self.error(e))?;
        let mut tasks: Vec<TaskRecord> = Vec::with_capacity(addresses.len());
        for address in addresses {
            tasks.extend(self.stored_row(address)?.task);
        }
        tasks.sort_by(|a, b| {
            let key = |t: &TaskRecord| {
                let task = &t.task;
                (
                    task.due.is_none(),
                    task.due,
                    task.assigning_document.symbol.clone(),
                    t.document_id.clone(),
                    t.index,
                )
            };
            key(a).cmp(&key(b))
        });
        Ok(tasks)
    }

    /// The stored row at `address`.
    pub fn stored_row(&self, address: DocAddress) -> Result<StoredRow, IndexError> {
        let document: TantivyDocument = self.reader.searcher().doc(address).map_err(|e| self.error(e))?;
        let text = |field| document.get_first(field).and_then(|v| v.as_str()).unwrap_or_default();
        let mut row: StoredRow = serde_json::from_str(text(self.fields.row)).map_err(|source| IndexError::Row {
            dir: self.dir.clone(),
            source,
        })?;
        row.body = text(self.fields.body).to_string();
        Ok(row)
    }

    /// A query for the words of `lead` in that order in a task's lead bodies.
    fn lead_query(&self, lead: &str) -> Result<Box<dyn Query>, IndexError> {
        let mut terms = self.terms(self.fields.lead_folded, lead)?;
        Ok(match terms.len() {
            0 => self.kind_query(Kind::Task),
            1 => Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::Basic)),
            _ => Box::new(PhraseQuery::new(terms)),
        })
    }

    /// The terms that `field`'s analyzer makes of `text`.
    fn terms(&self, field: tantivy::schema::Field, text: &str) -> Result<Vec<Term>, IndexError> {
        let mut analyzer = self.index.tokenizer_for_field(field).map_err(|e| self.error(e))?;
        let text = analyzer::nfc(text);
        let mut stream = analyzer.token_stream(&text);
        let mut terms = Vec::new();
        while let Some(token) = stream.next() {
            terms.push(Term::from_field_text(field, &token.text));
        }
        Ok(terms)
    }

    fn kind_query(&self, kind: Kind) -> Box<dyn Query> {
        self.term_query(self.fields.kind, kind.as_str())
    }

    fn term_query(&self, field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    fn count(&self, query: &dyn Query) -> Result<usize, IndexError> {
        self.reader.searcher().search(query, &Count).map_err(|e| self.error(e))
    }

    fn error(&self, source: tantivy::TantivyError) -> IndexError {
        tantivy_error(&self.dir, source)
    }
}

fn tantivy_error(dir: &Path, source: tantivy::TantivyError) -> IndexError {
    IndexError::Tantivy {
        dir: dir.to_path_buf(),
        source,
    }
}
