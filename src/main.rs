//! The `vanban` command line: a thin layer over the library's pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

mod index_cli;

use index_cli::{IngestArgs, SearchArgs, TasksArgs};
use vanban::extract::output::ExtractOutput;
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
    /// Header, legal bases and outline of each document (no repair).
    Parse(Inputs),
    /// The repaired text of each document.
    Repair(Inputs),
    /// Everything the tracker needs: header, outline, symbols, bodies, deadlines, tasks.
    Extract {
        #[command(flatten)]
        inputs: Inputs,
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

/// Files and folders to read, and how to print the results.
#[derive(clap::Args)]
struct Inputs {
    /// Text or PDF files, or folders to walk for `.txt` and `.pdf` files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("vanban: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs a command; `Ok(false)` when some input could not be read.
fn run(cli: Cli) -> Result<bool> {
    match cli.command {
        Command::Parse(inputs) => each_document_rendered(
            &inputs,
            |path| {
                let read = pipeline::read_document(path)?;
                Ok(structure::parse(&read.text))
            },
            |parsed: &structure::Parsed| parsed.to_string(),
        ),
        Command::Repair(inputs) => {
            let engine = Repairer::embedded();
            each_document(&inputs, |path| {
                let read = pipeline::read_document(path)?;
                Ok(engine.repair(&read.text))
            })
        }
        Command::Extract { inputs, no_repair } => {
            let engine = (!no_repair).then(Repairer::embedded);
            each_document_rendered(
                &inputs,
                |path| pipeline::process(path, engine.as_ref()).map(ProcessedDocument::into_output),
                |output: &ExtractOutput| output.to_string(),
            )
        }
        Command::Ingest(args) => index_cli::ingest(args),
        Command::Search(args) => index_cli::search(args),
        Command::Tasks(args) => index_cli::tasks(args),
    }
}

/// Runs `job` over every input document and prints the results in order.
fn each_document<T: Serialize + Send>(
    inputs: &Inputs,
    job: impl Fn(&Path) -> Result<T, InputError> + Sync,
) -> Result<bool> {
    each_document_rendered(inputs, job, |value: &T| serde_json::to_string(value).unwrap_or_default() + "\n")
}

/// Like [`each_document`], with `render` giving the `--format text` form of a result.
fn each_document_rendered<T: Serialize + Send>(
    inputs: &Inputs,
    job: impl Fn(&Path) -> Result<T, InputError> + Sync,
    render: impl Fn(&T) -> String,
) -> Result<bool> {
    let (files, mut errors) = pipeline::collect_inputs(&inputs.paths);
    let mut values = Vec::new();
    for result in pipeline::for_each_file(&files, job) {
        match result {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    print_values(&values, inputs.format, render).context("cannot write the output")?;
    for error in &errors {
        eprintln!("vanban: {error}");
    }
    Ok(errors.is_empty())
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
