//! Compiles the C/OpenMP baselines (`c/loops.c`, `c/workloads.c`) with `-O3 -march=native -fopenmp`.

fn main() {
    println!("cargo:rerun-if-changed=c/loops.c");
    println!("cargo:rerun-if-changed=c/workloads.c");
    println!("cargo:rerun-if-changed=build.rs");
    cc::Build::new()
        .file("c/loops.c")
        .file("c/workloads.c")
        .opt_level(3)
        .flag("-march=native")
        .flag("-fopenmp")
        // Keep C's results bitwise equal to Rust's: no FMA contraction.
        .flag("-ffp-contract=off")
        .warnings(true)
        .extra_warnings(true)
        .compile("parfor_bench_loops");
    // `-fopenmp` at compile time only emits calls into libgomp; link it explicitly.
    println!("cargo:rustc-link-lib=gomp");
}
