//! The binary's `ingest`, `search` and `tasks` commands: arguments, progress
//! and printing over the library's `index` and `export` modules.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};

use vanban::export::{self, TaskFormat};
use vanban::extract::calendar::WorkingCalendar;
use vanban::index::ingest::{IngestOptions, IngestSummary, Outcome, Progress};
use vanban::index::records::{self, DocumentRecord};
use vanban::index::{self, Hit, Kind, SearchRequest, SearchResults, TaskFilter, VanbanIndex};
use vanban::pipeline::{self, InputError};
use vanban::repair::Repairer;

/// Where the index lives.
#[derive(clap::Args)]
pub struct IndexDir {
    /// The index directory.
    #[arg(long = "index", value_name = "DIR", default_value = index::DEFAULT_DIR)]
    dir: PathBuf,
}

/// Arguments of `vanban ingest`.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// Text or PDF files, or folders to walk for `.txt` and `.pdf` files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexDir,
    /// The input is clean text: skip the repair stage.
    #[arg(long)]
    no_repair: bool,
    /// Process documents already in the index again and replace their rows.
    #[arg(long)]
    reindex: bool,
    /// Documents between two commits (a killed run redoes at most this many).
    #[arg(long, value_name = "N", default_value_t = IngestOptions::default().commit_every)]
    commit_every: usize,
    /// Seconds to wait for another process that is writing the index.
    #[arg(long, value_name = "SECONDS", default_value_t = IngestOptions::default().lock_wait.as_secs())]
    lock_wait: u64,
}

/// Arguments of `vanban search`.
#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words to find, with or without diacritics (tantivy syntax: "a phrase", -word, word*).
    query: String,
    #[command(flatten)]
    index: IndexDir,
    /// Only rows of this kind.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// At most this many hits.
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    format: SearchFormat,
}

/// Arguments of `vanban tasks`.
#[derive(clap::Args)]
pub struct TasksArgs {
    #[command(flatten)]
    index: IndexDir,
    /// Only tasks whose lead body contains these words (diacritics optional).
    #[arg(long, value_name = "BODY")]
    lead: Option<String>,
    /// Only tasks due before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    due_before: Option<NaiveDate>,
    /// Only tasks due after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    due_after: Option<NaiveDate>,
    /// Only overdue tasks (Quy chế 06-QC/TU Điều 8 khoản 1 điểm d).
    #[arg(long)]
    overdue: bool,
    /// The day statuses and `--overdue` are judged on (default: today).
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TasksFormat::Table)]
    format: TasksFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Document,
    Article,
    Task,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SearchFormat {
    /// Ranked hits with highlighted snippets.
    Text,
    /// The results as one JSON object.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TasksFormat {
    /// An aligned table.
    Table,
    /// CSV with the tracker's Vietnamese headers.
    Csv,
    /// One JSON object per task.
    Jsonl,
    /// iCalendar VTODOs.
    Ics,
}

/// `vanban ingest`: `Ok(false)` when some input failed.
pub fn ingest(args: IngestArgs) -> Result<bool> {
    let (files, input_errors) = pipeline::collect_inputs(&args.paths);
    let engine = (!args.no_repair).then(Repairer::embedded);
    let make = |path: &Path| -> Result<DocumentRecord, String> {
        let processed = pipeline::process(path, engine.as_ref()).map_err(reason)?;
        records::from_processed(&processed).map_err(|e| format!("cannot read file: {e}"))
    };
    let options = IngestOptions {
        commit_every: args.commit_every,
        reindex: args.reindex,
        lock_wait: Duration::from_secs(args.lock_wait),
        ..IngestOptions::default()
    };
    let reporter = Reporter::new(&args.index.dir);
    let summary = index::ingest(&files, &args.index.dir, &options, make, &reporter)?;
    reporter.finish();
    print_summary(&summary, input_errors.len(), &args.index.dir).context("cannot write the summary")?;
    for error in &input_errors {
        eprintln!("vanban: {error}");
    }
    for failure in &summary.failures {
        eprintln!("vanban: {}: {}", failure.path.display(), failure.reason);
    }
    Ok(input_errors.is_empty() && summary.failures.is_empty())
}

/// The reason of a pipeline error, without the path (printed beside it).
fn reason(error: InputError) -> String {
    match error {
        InputError::Unreadable { source, .. } => format!("cannot read: {source}"),
        InputError::Source { source, .. } => source.to_string(),
    }
}

/// The summary of an ingest; `unreadable` inputs never reached it (missing paths).
fn print_summary(summary: &IngestSummary, unreadable: usize, dir: &Path) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let seconds = summary.elapsed.as_secs_f64();
    let megabytes = summary.bytes as f64 / 1e6;
    writeln!(
        out,
        "{} files in {seconds:.1} s: {} added, {} already indexed, {} duplicate, {} failed",
        summary.files + unreadable,
        summary.added,
        summary.already_indexed,
        summary.duplicates,
        summary.failures.len() + unreadable
    )?;
    writeln!(
        out,
        "added {} documents, {} articles, {} tasks, {megabytes:.1} MB ({:.1} documents/s, {:.2} MB/s)",
        summary.added,
        summary.articles,
        summary.tasks,
        summary.added as f64 / seconds.max(1e-9),
        megabytes / seconds.max(1e-9)
    )?;
    let held = summary.index;
    writeln!(
        out,
        "{} now holds {} documents, {} articles, {} tasks",
        dir.display(),
        held.documents,
        held.articles,
        held.tasks
    )
}

/// Ingest progress: a bar on a terminal, plain log lines otherwise.
enum Reporter {
    Bar(ProgressBar),
    Log { done: AtomicUsize, total: AtomicUsize },
}

impl Reporter {
    fn new(dir: &Path) -> Self {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            let style = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message(format!("→ {}", dir.display()));
            Reporter::Bar(bar)
        } else {
            Reporter::Log {
                done: AtomicUsize::new(0),
                total: AtomicUsize::new(0),
            }
        }
    }

    fn finish(&self) {
        if let Reporter::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn start(&self, files: usize) {
        match self {
            Reporter::Bar(bar) => bar.set_length(files as u64),
            Reporter::Log { total, .. } => total.store(files, Ordering::Relaxed),
        }
    }

    fn waiting_for_lock(&self) {
        let note = "another process is writing the index: waiting for it";
        match self {
            Reporter::Bar(bar) => bar.set_message(note),
            Reporter::Log { .. } => eprintln!("vanban: {note}"),
        }
    }

    fn file_done(&self, path: &Path, outcome: &Outcome) {
        match self {
            Reporter::Bar(bar) => bar.inc(1),
            Reporter::Log { done, total } => {
                let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                let total = total.load(Ordering::Relaxed);
                let what = match outcome {
                    Outcome::Added { articles, tasks } => format!("added ({articles} articles, {tasks} tasks)"),
                    Outcome::AlreadyIndexed => "already indexed".to_string(),
                    Outcome::SameAs(first) => format!("same as {}", first.display()),
                    Outcome::Failed(reason) => format!("failed: {reason}"),
                };
                eprintln!("[{done}/{total}] {}: {what}", path.display());
            }
        }
    }

    fn committed(&self, documents: usize) {
        if let Reporter::Log { .. } = self {
            eprintln!("committed: {documents} documents durable");
        }
    }
}

/// `vanban search`.
pub fn search(args: SearchArgs) -> Result<bool> {
    let index = VanbanIndex::open(&args.index.dir)?;
    let kind = args.kind.map(|kind| match kind {
        KindArg::Document => Kind::Document,
        KindArg::Article => Kind::Article,
        KindArg::Task => Kind::Task,
    });
    let request = SearchRequest {
        query: &args.query,
        kind,
        limit: args.limit,
    };
    let engine = Repairer::try_embedded().context("cannot read the embedded dictionaries")?;
    let restore = |query: &str| engine.restore_query(query);
    let results = index.search(&request, &restore)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        SearchFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &results)?;
            writeln!(out)?;
        }
        SearchFormat::Text => print_hits(&results, &mut out, std::io::stdout().is_terminal())?,
    }
    Ok(true)
}

fn print_hits(results: &SearchResults, out: &mut impl Write, terminal: bool) -> std::io::Result<()> {
    if results.readings.len() > 1 {
        writeln!(out, "searched: {}", results.readings.join(" | "))?;
    }
    let facets: Vec<String> = results
        .facets
        .iter()
        .map(|f| format!("{} {}: {}", f.facet, f.value, f.count))
        .collect();
    if facets.is_empty() {
        writeln!(out, "{} hits", results.total)?;
    } else {
        writeln!(out, "{} hits ({})", results.total, facets.join(", "))?;
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        writeln!(out, "\n{}. {}", rank + 1, heading(hit))?;
        writeln!(out, "   {}", highlighted(hit, terminal))?;
    }
    Ok(())
}

/// `[article] 06-QC/TU · Điều 4 khoản 1 — corpus/001.txt, page 2, line 57`.
fn heading(hit: &Hit) -> String {
    let mut head = format!("[{}]", hit.kind.as_str());
    for part in [hit.symbol.clone(), hit.title.clone(), Some(hit.loc.label())]
        .into_iter()
        .flatten()
    {
        if !part.is_empty() {
            head.push(' ');
            head.push_str(&part);
        }
    }
    format!("{head} — {}, page {}, line {}", hit.path.display(), hit.page, hit.line)
}

/// The snippet on one line, matched words in bold on a terminal, between `**` otherwise.
fn highlighted(hit: &Hit, terminal: bool) -> String {
    let (open, close) = if terminal {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut text = String::new();
    let mut at = 0;
    for &(start, end) in &hit.highlights {
        text.push_str(&hit.snippet[at..start]);
        text.push_str(open);
        text.push_str(&hit.snippet[start..end]);
        text.push_str(close);
        at = end;
    }
    text.push_str(&hit.snippet[at..]);
    text.replace('\n', " ")
}

/// `vanban tasks`.
pub fn tasks(args: TasksArgs) -> Result<bool> {
    let index = VanbanIndex::open(&args.index.dir)?;
    let filter = TaskFilter {
        lead: args.lead,
        due_before: args.due_before,
        due_after: args.due_after,
    };
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut tasks = index.tasks(&filter)?;
    for record in &mut tasks {
        record.task.status = record.task.status_on(today);
    }
    if args.overdue {
        let calendar = WorkingCalendar::vietnam();
        tasks.retain(|task| task.is_overdue(today, &calendar));
    }
    let format = match args.format {
        TasksFormat::Table => TaskFormat::Table,
        TasksFormat::Csv => TaskFormat::Csv,
        TasksFormat::Jsonl => TaskFormat::Jsonl,
        TasksFormat::Ics => TaskFormat::Ics,
    };
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    export::write_tasks(format, &tasks, chrono::Utc::now(), out)?;
    Ok(true)
}
