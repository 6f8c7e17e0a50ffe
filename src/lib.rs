//! parfor.
