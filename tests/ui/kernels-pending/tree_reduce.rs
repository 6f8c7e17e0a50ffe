use parfor::prelude::*;

// One step of a pairwise tree reduction: x[i] += x[i + half] for i < half
// (textbook parallel reduction / GPU shared-memory reduction).
#[parallel]
fn tree_reduce(x: &mut [f64]) -> f64 {
    let mut half = x.len() / 2;
    while half > 0 {
        for i in prange(half) {
            x[i] += x[i + half];
        }
        half /= 2;
    }
    x[0]
}

fn tree_reduce_seq(x: &mut [f64]) -> f64 {
    let mut half = x.len() / 2;
    while half > 0 {
        for i in 0..half {
            x[i] += x[i + half];
        }
        half /= 2;
    }
    x[0]
}

#[test]
fn tree_reduce() {
    let x0 = Rng::new(67).vec(4096);
    let mut want = x0.clone();
    let want_sum = tree_reduce_seq(&mut want);
    exact("tree_reduce", &(want_sum, want), || {
        let mut x = x0.clone();
        (super::tree_reduce(&mut x), x)
    });
}

fn main() {
    let x0: Vec<f64> = (0..4096).map(|i| (i % 9) as f64).collect();
    let (mut got, mut want) = (x0.clone(), x0);
    assert_eq!(tree_reduce(&mut got), tree_reduce_seq(&mut want));
    assert_eq!(got, want);
}
