//! Batch ingest: many files, built in parallel, written by one writer.
//!
//! - Parallel: rayon threads read each file, hash it, run the caller's
//!   `make` and turn the record into index rows; one thread owns the
//!   tantivy writer and adds the rows.
//! - Idempotent: a document's id is the hash of its file's bytes. Ids that
//!   the index already holds are skipped before `make` runs, and a file with
//!   the same bytes as another of the batch is skipped too.
//! - Atomic per document: a document's rows (after deleting any old rows of
//!   its id) are added between two commits, never across one.
//! - Crash-safe: commits every [`IngestOptions::commit_every`] documents;
//!   tantivy commits are atomic, so a process killed at any moment leaves
//!   the index as of its last commit, and the next run adds the rest.
//! - One writer at a time: tantivy's writer lock; a second ingest waits up
//!   to [`IngestOptions::lock_wait`] and then fails with [`IndexError::Locked`].
//!   Ids already present are read after the lock is taken, so two ingests of
//!   the same files one after the other never add a document twice.

use std::collections::HashMap;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::records::{DocumentRecord, content_id};
use super::{IndexError, IndexStats, VanbanIndex};

/// How an ingest runs.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Documents added between two commits: at most this many are lost (and
    /// redone by the next run) when the process is killed.
    pub commit_every: usize,
    /// Process documents already in the index again and replace their rows.
    pub reindex: bool,
    /// How long to wait for another process's writer lock before failing.
    pub lock_wait: Duration,
    /// The day the indexed task statuses (the `status` field and facet) are computed for.
    pub today: NaiveDate,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            commit_every: 32,
            reindex: false,
            lock_wait: Duration::from_secs(30),
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// What happened to one input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its rows were added (committed with the next batch).
    Added {
        /// Article rows added.
        articles: usize,
        /// Task rows added.
        tasks: usize,
    },
    /// The index already holds a document with the same bytes.
    AlreadyIndexed,
    /// Another file of this batch has the same bytes.
    SameAs(PathBuf),
    /// It could not be made into a document; the reason.
    Failed(String),
}

/// Reports the progress of an ingest; every method has a silent default.
pub trait Progress: Sync {
    /// The batch starts with `files` files.
    fn start(&self, _files: usize) {}
    /// Another process holds the writer lock; the ingest waits for it.
    fn waiting_for_lock(&self) {}
    /// One file is done.
    fn file_done(&self, _path: &Path, _outcome: &Outcome) {}
    /// A commit made the first `_documents` added documents durable.
    fn committed(&self, _documents: usize) {}
}

/// Reports nothing.
impl Progress for () {}

/// A file that could not be ingested, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

/// What an ingest did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IngestSummary {
    /// Input files.
    pub files: usize,
    /// Documents added.
    pub added: usize,
    /// Files skipped: their document was already in the index.
    pub already_indexed: usize,
    /// Files skipped: same bytes as another file of the batch.
    pub duplicates: usize,
    /// Article rows added.
    pub articles: usize,
    /// Task rows added.
    pub tasks: usize,
    /// Bytes of the files added.
    pub bytes: u64,
    /// Files that failed, with their reasons, in input order.
    pub failures: Vec<Failure>,
    /// Wall time of the whole ingest.
    pub elapsed: Duration,
    /// What the index holds afterwards.
    pub index: IndexStats,
}

/// tantivy indexing threads (the rayon threads do the pipeline's work).
const WRITER_THREADS: usize = 2;
/// Memory budget of the tantivy writer, all threads together.
const WRITER_MEMORY: usize = 128 << 20;
/// Pause between two attempts at a busy writer lock.
const LOCK_RETRY: Duration = Duration::from_millis(100);

/// Ingests `files` into the index in `index_dir` (created when absent).
///
/// `make` turns a file into its record (it runs on rayon threads); the
/// record's `id`, and its tasks' `document.id`, are replaced by the hash of
/// the file's bytes, which is what the index is keyed on. A file that `make` rejects is reported in the
/// summary and never stops the batch; only index failures are errors.
pub fn ingest<E: Display>(
    files: &[PathBuf],
    index_dir: &Path,
    options: &IngestOptions,
    make: impl Fn(&Path) -> Result<DocumentRecord, E> + Sync,
    progress: &dyn Progress,
) -> Result<IngestSummary, IndexError> {
    let started = Instant::now();
    let index = VanbanIndex::open_or_create(index_dir)?;
    let mut writer = acquire_writer(&index, options.lock_wait, progress)?;
    index.reload()?;
    progress.start(files.len());
    let preparer = Preparer {
        index: &index,
        options,
        make: &make,
        claimed: Mutex::default(),
        stop: AtomicBool::new(false),
    };
    let mut summary = IngestSummary {
        files: files.len(),
        ..IngestSummary::default()
    };
    let mut outcomes: Vec<(usize, Failure)> = Vec::new();
    let written = std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<(usize, Prepared)>(2 * rayon::current_num_threads());
        let preparer = &preparer;
        scope.spawn(move || {
            files
                .par_iter()
                .enumerate()
                .for_each_with(sender, |sender, (at, path)| {
                    if !preparer.stop.load(Ordering::Relaxed) {
                        let _ = sender.send((at, preparer.prepare(path)));
                    }
                });
        });
        let mut pending = 0;
        for (at, prepared) in receiver {
            let path = &files[at];
            let outcome = match prepared {
                Prepared::Rows {
                    id,
                    rows,
                    articles,
                    tasks,
                    bytes,
                } => {
                    if let Err(error) = add_document(&writer, &index, &id, rows) {
                        preparer.stop.store(true, Ordering::Relaxed);
                        return Err(error);
                    }
                    pending += 1;
                    summary.added += 1;
                    summary.articles += articles;
                    summary.tasks += tasks;
                    summary.bytes += bytes;
                    Outcome::Added { articles, tasks }
                }
                Prepared::Skipped(outcome) => outcome,
            };
            match &outcome {
                Outcome::AlreadyIndexed => summary.already_indexed += 1,
                Outcome::SameAs(_) => summary.duplicates += 1,
                Outcome::Failed(reason) => outcomes.push((
                    at,
                    Failure {
                        path: path.clone(),
                        reason: reason.clone(),
                    },
                )),
                Outcome::Added { .. } => {}
            }
            progress.file_done(path, &outcome);
            if pending >= options.commit_every.max(1) {
                commit(&mut writer, &index)?;
                progress.committed(summary.added);
                pending = 0;
            }
        }
        Ok(pending)
    });
    if written? > 0 {
        commit(&mut writer, &index)?;
        progress.committed(summary.added);
    }
    writer.wait_merging_threads().map_err(|e| index.error(e))?;
    outcomes.sort_by_key(|(at, _)| *at);
    summary.failures = outcomes.into_iter().map(|(_, failure)| failure).collect();
    index.reload()?;
    summary.index = index.stats()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Takes the index's writer lock, waiting up to `wait` for another process to release it.
fn acquire_writer(index: &VanbanIndex, wait: Duration, progress: &dyn Progress) -> Result<IndexWriter, IndexError> {
    let deadline = Instant::now() + wait;
    let mut told = false;
    loop {
        match index.index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY) {
            Ok(writer) => return Ok(writer),
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) if Instant::now() < deadline => {
                if !told {
                    progress.waiting_for_lock();
                    told = true;
                }
                std::thread::sleep(LOCK_RETRY);
            }
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                return Err(IndexError::Locked(index.dir.clone()));
            }
            Err(error) => return Err(index.error(error)),
        }
    }
}

/// Replaces the rows of document `id` with `rows` (in the current batch).
fn add_document(
    writer: &IndexWriter,
    index: &VanbanIndex,
    id: &str,
    rows: Vec<TantivyDocument>,
) -> Result<(), IndexError> {
    writer.delete_term(Term::from_field_text(index.fields.doc_id, id));
    for row in rows {
        writer.add_document(row).map_err(|e| index.error(e))?;
    }
    Ok(())
}

fn commit(writer: &mut IndexWriter, index: &VanbanIndex) -> Result<(), IndexError> {
    writer.commit().map(drop).map_err(|e| index.error(e))
}

/// A file made ready for the writer, or the reason it is skipped.
enum Prepared {
    /// The rows of a new document.
    Rows {
        id: String,
        rows: Vec<TantivyDocument>,
        articles: usize,
        tasks: usize,
        bytes: u64,
    },
    /// Nothing to write.
    Skipped(Outcome),
}

/// Turns files into rows on rayon threads.
struct Preparer<'a, F> {
    index: &'a VanbanIndex,
    options: &'a IngestOptions,
    make: &'a F,
    /// Ids taken by a file of this batch, and that file.
    claimed: Mutex<HashMap<String, PathBuf>>,
    /// Set when the writer failed: the remaining files are not processed.
    stop: AtomicBool,
}

impl<F, E> Preparer<'_, F>
where
    F: Fn(&Path) -> Result<DocumentRecord, E> + Sync,
    E: Display,
{
    fn prepare(&self, path: &Path) -> Prepared {
        match self.try_prepare(path) {
            Ok(prepared) => prepared,
            Err(reason) => Prepared::Skipped(Outcome::Failed(reason)),
        }
    }

    fn try_prepare(&self, path: &Path) -> Result<Prepared, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read file: {e}"))?;
        let id = content_id(&bytes);
        if !self.options.reindex && self.index.document_rows(&id).map_err(|e| e.to_string())? > 0 {
            return Ok(Prepared::Skipped(Outcome::AlreadyIndexed));
        }
        if let Some(first) = self.claim(&id, path) {
            return Ok(Prepared::Skipped(Outcome::SameAs(first)));
        }
        let mut record = (self.make)(path).map_err(|e| e.to_string())?;
        record.id = id.clone();
        for task in &mut record.tasks {
            task.document_id = id.clone();
        }
        let rows = self
            .index
            .fields
            .rows(&record, self.options.today)
            .map_err(|e| format!("cannot store the document: {e}"))?;
        let (articles, tasks) = (record.articles.len(), record.tasks.len());
        Ok(Prepared::Rows {
            id,
            rows,
            articles,
            tasks,
            bytes: bytes.len() as u64,
        })
    }

    /// Claims `id` for `path`; returns the file that claimed it first, if another did.
    fn claim(&self, id: &str, path: &Path) -> Option<PathBuf> {
        let mut claimed = self.claimed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match claimed.get(id) {
            Some(first) => Some(first.clone()),
            None => {
                claimed.insert(id.to_string(), path.to_path_buf());
                None
            }
        }
    }
}
