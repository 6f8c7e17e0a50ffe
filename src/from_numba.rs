#![doc = include_str!("../docs/from-numba.md")]
