//! vanban: scanned Vietnamese Party and government documents → repaired
//! text, a parsed outline, and the tasks they assign.
//!
//! The pipeline runs one way, one module per stage, with plain serde types
//! between stages (see ARCHITECTURE.md):
//!
//! ```text
//! source → normalize → repair → structure → extract → index / export
//! ```

pub mod export;
pub mod extract;
pub mod index;
pub mod normalize;
pub mod pipeline;
pub mod repair;
pub mod roman;
pub mod source;
pub mod structure;
pub mod text;
pub mod vietnamese;
