//! Unit tests of the assembly.
