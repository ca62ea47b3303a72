//! Responsible bodies.
