//! Runs the stages in order over files and folders, in parallel.
//!
//! The CLI and the indexer both go through here, so every command reads,
//! normalises, repairs and parses a document the same way.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use crate::extract::output::ExtractOutput;
use crate::extract::{self, ExtractOptions, Extraction};
use crate::normalize::normalize;
use crate::repair::{Repaired, Repairer};
use crate::source::{self, SourceError, SourceFormat};
use crate::structure::{self, Parsed};
use crate::text::Text;

/// File extensions the pipeline reads when it walks a folder.
pub const DOCUMENT_EXTENSIONS: [&str; 2] = ["txt", "pdf"];

/// Why an input path yielded no document.
#[derive(Debug, Error)]
pub enum InputError {
    /// The path does not exist or cannot be listed.
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// The path that failed.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file could not be read as a document.
    #[error("{path}: {source}")]
    Source {
        /// The file that failed.
        path: PathBuf,
        /// Why.
        source: SourceError,
    },
}

/// Expands files and folders (recursively, sorted) into document files.
///
/// Files named explicitly are kept whatever their extension; inside folders
/// only `.txt` and `.pdf` files are taken.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
            Err(source) => errors.push(InputError::Unreadable {
                path: path.clone(),
                source,
            }),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            return errors.push(InputError::Unreadable {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files, errors);
        } else if has_document_extension(&path) {
            files.push(path);
        }
    }
}

fn has_document_extension(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    extension.is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

/// A document read from its file and normalised.
#[derive(Clone, Debug, Serialize)]
pub struct ReadDocument {
    /// The file.
    pub path: PathBuf,
    /// Text or PDF.
    pub format: SourceFormat,
    /// The normalised text (before repair).
    pub text: Text,
    /// What the source stage could read only in part (damaged PDF pages).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Reads and normalises one file.
pub fn read_document(path: &Path) -> Result<ReadDocument, InputError> {
    let source = source::read(path).map_err(|source| InputError::Source {
        path: path.to_path_buf(),
        source,
    })?;
    let text = normalize(&source.text);
    Ok(ReadDocument {
        path: source.path,
        format: source.format,
        text,
        warnings: source.warnings,
    })
}

/// A document through every stage up to extraction.
#[derive(Clone, Debug, Serialize)]
pub struct ProcessedDocument {
    /// The file and its normalised text.
    pub read: ReadDocument,
    /// The repaired text (a copy of the normalised text when repair is off).
    pub repaired: Repaired,
    /// Header, bases and outline of the repaired text.
    pub parsed: Parsed,
    /// Symbols, bodies, deadlines and tasks.
    pub extraction: Extraction,
}

/// Reads, normalises and repairs one file; `repairer` is `None` for clean
/// text (the repaired text is then a copy of the normalised one).
pub fn repair_document(path: &Path, repairer: Option<&Repairer>) -> Result<(ReadDocument, Repaired), InputError> {
    let read = read_document(path)?;
    let repaired = match repairer {
        Some(engine) => engine.repair(&read.text),
        None => Repaired {
            text: read.text.clone(),
            ..Repaired::default()
        },
    };
    Ok((read, repaired))
}

/// Runs every stage on one file; `repairer` is `None` for clean text.
pub fn process(path: &Path, repairer: Option<&Repairer>) -> Result<ProcessedDocument, InputError> {
    let (read, repaired) = repair_document(path, repairer)?;
    let parsed = structure::parse(&repaired.text);
    let options = ExtractOptions {
        file: Some(read.path.display().to_string()),
        ..ExtractOptions::default()
    };
    let extraction = extract::extract_with(&repaired.text, &parsed, &options);
    Ok(ProcessedDocument {
        read,
        repaired,
        parsed,
        extraction,
    })
}

impl ProcessedDocument {
    /// The document's extraction in the output shape of `vanban extract`.
    pub fn into_output(self) -> ExtractOutput {
        ExtractOutput::new(Some(self.read.path.display().to_string()), self.parsed, self.extraction)
    }
}

/// Applies `job` to every file in parallel, keeping the input order.
pub fn for_each_file<T: Send>(
    files: &[PathBuf],
    job: impl Fn(&Path) -> Result<T, InputError> + Sync,
) -> Vec<Result<T, InputError>> {
    files.par_iter().map(|path| job(path)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_to_sorted_document_files() {
        let dir = std::env::temp_dir().join(format!("vanban-collect-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for name in ["b.txt", "a.PDF", "notes.md", "sub/c.txt"] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let (files, errors) = collect_inputs(&[dir.clone(), dir.join("missing.txt")]);
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.PDF", "b.txt", "sub/c.txt"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("missing.txt"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
