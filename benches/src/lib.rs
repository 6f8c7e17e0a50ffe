//! Shared code for parfor benchmarks.
