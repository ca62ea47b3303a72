//! Stage 6, index: documents, articles and tasks in one tantivy index.
