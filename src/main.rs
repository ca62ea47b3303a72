//! The `vanban` command line: a thin layer over the library's pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

mod index_cli;

use index_cli::{IngestArgs, SearchArgs, TasksArgs};
use vanban::export::{self, TaskFormat};
use vanban::extract::output::ExtractOutput;
use vanban::index::records::{self, TaskRecord};
use vanban::pipeline::{self, InputError, ProcessedDocument};
use vanban::repair::Repairer;
use vanban::structure;

/// Scanned Vietnamese Party and government documents → repaired text,
/// outline, deadlines, responsible bodies and tasks.
#[derive(Parser)]
#[command(name = "vanban", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Header, legal bases and outline of each document (after repair).
    Parse {
        #[command(flatten)]
        inputs: Inputs,
        /// The input is clean text: skip the repair stage.
        #[arg(long)]
        no_repair: bool,
    },
    /// The repaired text of each document (`--format json`: every word's choice).
    Repair(Inputs),
    /// The repair's dictionaries and models.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Measures the repair: syllable error rates on the shared evaluation
    /// data, dictionary load time and single-thread throughput.
    Bench {
        /// The shared data folder (seed 001 and its gold, ocr-eval).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Also write every repaired text into this folder.
        #[arg(long)]
        dump: Option<PathBuf>,
        /// Throughput: repair the ocr-eval texts this many times on one
        /// thread (the first round cold, the others warm).
        #[arg(long, default_value_t = 2)]
        rounds: usize,
        /// Override a repair setting, `NAME=VALUE` (e.g. `search.beam=6`); repeatable.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
    },
    /// Everything the tracker needs: header, outline, symbols, bodies, deadlines, tasks.
    Extract {
        #[command(flatten)]
        paths: Paths,
        /// Output format: the documents (`text`, `json`, `jsonl`) or their
        /// tasks as the tracker feed (`csv`, `ics`, as `vanban tasks` writes it).
        #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
        /// The input is clean text: skip the repair stage.
        #[arg(long)]
        no_repair: bool,
    },
    /// Adds documents to the search index (created when absent); safe to re-run.
    Ingest(IngestArgs),
    /// Searches the index, with or without diacritics.
    Search(SearchArgs),
    /// The task feed that seeds the tracker (Quy chế 06-QC/TU Điều 4).
    Tasks(TasksArgs),
}

#[derive(Subcommand)]
enum DictCommand {
    /// Rebuilds every repair model file from the shared corpora.
    Build {
        /// The shared data folder (corpora, OCR pairs).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Where to write the model files.
        #[arg(long, default_value = "dictionaries")]
        out: PathBuf,
        /// A folder of more clean/OCR pairs (`*/clean.txt`, `*/ocr.txt`), as
        /// made by `scripts/make-ocr-pairs.sh`.
        #[arg(long)]
        extra_pairs: Option<PathBuf>,
    },
}

/// Files and folders to read.
#[derive(clap::Args)]
struct Paths {
    /// Text or PDF files, or folders to walk for `.txt` and `.pdf` files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Files and folders to read, and how to print the results.
#[derive(clap::Args)]
struct Inputs {
    #[command(flatten)]
    paths: Paths,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Human-readable text.
    Text,
    /// One JSON value: an object for one document, an array for several.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// What `vanban extract` prints.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExtractFormat {
    /// A summary per document and one line per task.
    Text,
    /// One JSON value: an object for one document, an array for several.
    Json,
    /// One JSON object per document and line.
    Jsonl,
    /// The tasks as CSV with the tracker's Vietnamese headers.
    Csv,
    /// The tasks as iCalendar VTODOs.
    Ics,
}

impl ExtractFormat {
    /// The document format of `text`, `json` and `jsonl`; `None` for the task feeds.
    fn documents(self) -> Option<Format> {
        match self {
            ExtractFormat::Text => Some(Format::Text),
            ExtractFormat::Json => Some(Format::Json),
            ExtractFormat::Jsonl => Some(Format::Jsonl),
            ExtractFormat::Csv | ExtractFormat::Ics => None,
        }
    }

    /// The task feed's format of `csv` and `ics`.
    fn feed(self) -> TaskFormat {
        if self == ExtractFormat::Ics {
            TaskFormat::Ics
        } else {
            TaskFormat::Csv
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) if closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vanban: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether `error` comes from a reader that stopped reading (`vanban ... | head`).
fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs a command; `Ok(false)` when some input could not be read.
fn run(cli: Cli) -> Result<bool> {
    match cli.command {
        Command::Parse { inputs, no_repair } => {
            let engine = (!no_repair).then(Repairer::embedded);
            each_document_rendered(
                &inputs.paths,
                inputs.format,
                |path| {
                    let (_, repaired) = pipeline::repair_document(path, engine.as_ref())?;
                    Ok(structure::parse(&repaired.text))
                },
                |parsed: &structure::Parsed| parsed.to_string(),
            )
        }
        Command::Repair(inputs) => repair(&inputs),
        Command::Dict(DictCommand::Build {
            shared,
            out,
            extra_pairs,
        }) => {
            let report = vanban::repair::build::build(&shared, &out, extra_pairs.as_deref())
                .context("cannot build the dictionaries")?;
            eprintln!("{report:#?}");
            Ok(true)
        }
        Command::Bench {
            shared,
            dump,
            rounds,
            settings,
        } => bench(&shared, dump.as_deref(), rounds, &settings),
        Command::Extract {
            paths,
            format,
            no_repair,
        } => {
            let engine = (!no_repair).then(Repairer::embedded);
            let process = |path: &Path| pipeline::process(path, engine.as_ref());
            match format.documents() {
                Some(documents) => each_document_rendered(
                    &paths,
                    documents,
                    |path| process(path).map(ProcessedDocument::into_output),
                    |output: &ExtractOutput| output.to_string(),
                ),
                None => extracted_tasks(&paths, format.feed(), |path| {
                    let unreadable = |source| InputError::Unreadable {
                        path: path.to_path_buf(),
                        source,
                    };
                    let id = records::file_id(path).map_err(unreadable)?;
                    Ok(records::task_records(&id, &process(path)?.extraction))
                }),
            }
        }
        Command::Ingest(args) => index_cli::ingest(args),
        Command::Search(args) => index_cli::search(args),
        Command::Tasks(args) => index_cli::tasks(args),
    }
}

/// `vanban repair`: repaired lines (text) or the repaired documents with
/// every word's choice (json, jsonl).
fn repair(inputs: &Inputs) -> Result<bool> {
    let engine = Repairer::try_embedded().context("cannot read the embedded dictionaries")?;
    let job = |path: &Path| {
        let read = pipeline::read_document(path)?;
        Ok(engine.repair(&read.text))
    };
    if inputs.format != Format::Text {
        return each_document(inputs, job);
    }
    let (documents, errors) = each_file(&inputs.paths, |path| Ok((path.to_path_buf(), job(path)?)));
    let several = documents.len() + errors.len() > 1;
    match print_repaired(&documents, several) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(error).context("cannot write the output");
        }
        _ => {}
    }
    Ok(report(&errors))
}

/// Prints repaired documents line for line, each under a `==> path <==`
/// header when there are several.
fn print_repaired(documents: &[(PathBuf, vanban::repair::Repaired)], headers: bool) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (path, repaired) in documents {
        if headers {
            writeln!(out, "==> {} <==", path.display())?;
        }
        for line in &repaired.text.lines {
            writeln!(out, "{}", line.text)?;
        }
    }
    out.flush()
}

/// `vanban bench`: dictionary load time, single-threaded throughput (the
/// first round cold: a fresh process, nothing remembered), then error rates.
/// Peak memory is measured from outside (`/usr/bin/time -v`, see
/// scripts/eval-repair.sh).
fn bench(shared: &Path, dump: Option<&Path>, rounds: usize, overrides: &[String]) -> Result<bool> {
    use vanban::repair::eval::{self, mean_ser};
    let texts: Vec<vanban::text::Text> = eval::ocr_eval_cases(shared)
        .context("cannot read the evaluation data")?
        .iter()
        .map(|(_, ocr, _)| vanban::text::Text::from_plain(ocr))
        .collect();
    let started = std::time::Instant::now();
    let mut engine = Repairer::try_embedded().context("cannot read the embedded dictionaries")?;
    let load = started.elapsed();
    let mut settings = engine.settings();
    for assignment in overrides {
        let (name, value) = assignment.split_once('=').context("--set takes NAME=VALUE")?;
        settings.set(name, value).map_err(anyhow::Error::msg)?;
    }
    engine.set_settings(settings);
    println!("dictionary load: {:.1} ms", load.as_secs_f64() * 1000.0);
    print_throughput(&engine, &texts, rounds);
    let evaluation = eval::evaluate(&engine, shared).context("cannot read the evaluation data")?;
    println!("SER seed 001 raw OCR: {:.2}%", evaluation.seed.ser * 100.0);
    println!(
        "SER ocr-eval OCR (mean of {}): {:.2}%",
        evaluation.ocr.len(),
        mean_ser(&evaluation.ocr) * 100.0
    );
    println!(
        "SER ocr-eval stripped (mean of {}): {:.2}%",
        evaluation.stripped.len(),
        mean_ser(&evaluation.stripped) * 100.0
    );
    if let Some(dir) = dump {
        for (kind, scores) in [("ocr", &evaluation.ocr), ("stripped", &evaluation.stripped)] {
            std::fs::create_dir_all(dir.join(kind))?;
            for score in scores {
                println!("  {kind} {}: {:.2}%", score.name, score.ser * 100.0);
                std::fs::write(dir.join(kind).join(format!("{}.txt", score.name)), &score.repaired)?;
            }
        }
        std::fs::write(dir.join("001.txt"), &evaluation.seed.repaired)?;
    }
    Ok(true)
}

/// Repairs `texts` `rounds` times on this thread and prints the throughput
/// of each round; the first is cold when `engine` has repaired nothing yet.
fn print_throughput(engine: &Repairer, texts: &[vanban::text::Text], rounds: usize) {
    let bytes: usize = texts
        .iter()
        .map(|t| t.lines.iter().map(|l| l.text.len() + 1).sum::<usize>())
        .sum();
    let megabytes = bytes as f64 / 1e6;
    for round in 1..=rounds.max(1) {
        let (started, cpu_started) = (std::time::Instant::now(), thread_cpu_seconds());
        for text in texts {
            std::hint::black_box(engine.repair(text));
        }
        let wall = started.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds().zip(cpu_started).map(|(end, start)| end - start);
        let state = if round == 1 { "cold" } else { "warm" };
        print!(
            "throughput round {round} ({state}, one thread, {} files, {megabytes:.3} MB): {:.2} MB/s wall",
            texts.len(),
            megabytes / wall
        );
        match cpu {
            Some(cpu) if cpu > 0.0 => println!(", {:.2} MB/s of CPU time", megabytes / cpu),
            _ => println!(),
        }
    }
}

/// CPU time of the calling thread (Linux: /proc/thread-self/stat), if known.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Runs `job` over every input document and prints the results in order.
fn each_document<T: Serialize + Send>(
    inputs: &Inputs,
    job: impl Fn(&Path) -> Result<T, InputError> + Sync,
) -> Result<bool> {
    each_document_rendered(&inputs.paths, inputs.format, job, |value: &T| {
        serde_json::to_string(value).unwrap_or_default() + "\n"
    })
}

/// Like [`each_document`], with `render` giving the `--format text` form of a result.
fn each_document_rendered<T: Serialize + Send>(
    paths: &Paths,
    format: Format,
    job: impl Fn(&Path) -> Result<T, InputError> + Sync,
    render: impl Fn(&T) -> String,
) -> Result<bool> {
    let (values, errors) = each_file(paths, job);
    print_values(&values, format, render).context("cannot write the output")?;
    Ok(report(&errors))
}

/// `vanban extract --format csv|ics`: the tasks `job` gives for every
/// document, written as the tracker feed by the writer of `vanban tasks`.
fn extracted_tasks(
    paths: &Paths,
    format: TaskFormat,
    job: impl Fn(&Path) -> Result<Vec<TaskRecord>, InputError> + Sync,
) -> Result<bool> {
    let (documents, errors) = each_file(paths, job);
    let tasks: Vec<TaskRecord> = documents.into_iter().flatten().collect();
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    export::write_tasks(format, &tasks, chrono::Utc::now(), out)?;
    Ok(report(&errors))
}

/// The results of `job` on every input document, in order, and the inputs that failed.
fn each_file<T: Send>(paths: &Paths, job: impl Fn(&Path) -> Result<T, InputError> + Sync) -> (Vec<T>, Vec<InputError>) {
    let (files, mut errors) = pipeline::collect_inputs(&paths.paths);
    let mut values = Vec::new();
    for result in pipeline::for_each_file(&files, job) {
        match result {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    (values, errors)
}

/// Prints the inputs that could not be read; `true` when there are none.
fn report(errors: &[InputError]) -> bool {
    for error in errors {
        eprintln!("vanban: {error}");
    }
    errors.is_empty()
}

fn print_values<T: Serialize>(values: &[T], format: Format, render: impl Fn(&T) -> String) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Json if values.len() == 1 => serde_json::to_writer_pretty(&mut out, &values[0])?,
        Format::Json => serde_json::to_writer_pretty(&mut out, values)?,
        Format::Text => {
            for value in values {
                write!(out, "{}", render(value))?;
            }
        }
        Format::Jsonl => {
            for value in values {
                serde_json::to_writer(&mut out, value)?;
                writeln!(out)?;
            }
        }
    }
    writeln!(out)?;
    Ok(())
}
