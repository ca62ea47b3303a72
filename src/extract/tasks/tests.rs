//! Unit tests of the task rules on sentences of the genre.
