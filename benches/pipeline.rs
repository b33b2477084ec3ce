//! Pipeline benchmarks over generated batches (being written).

fn main() {}
