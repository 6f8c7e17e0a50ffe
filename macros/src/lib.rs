//! parfor's macros.
