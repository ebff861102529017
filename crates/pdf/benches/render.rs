//! `cargo bench -p foorumi-pdf`: the median time to render the 40-section memo of the tests.
//! Under `cargo test` (no `--bench` argument) it renders once, as a smoke test. With
//! `FOORUMI_PDF_OUT=memo.pdf` it also writes the PDF there, to look at.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

fn main() {
    let doc = common::memo(40);
    let runs = if std::env::args().any(|a| a == "--bench") { 30 } else { 1 };
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut pdf = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        pdf = foorumi_pdf::render(&doc).expect("render");
        times.push(start.elapsed());
    }
    if let Some(path) = std::env::var_os("FOORUMI_PDF_OUT") {
        std::fs::write(&path, &pdf).expect("write the PDF");
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "render, 40 sections: median {median:.1?} of {runs} runs (min {:.1?}, max {:.1?}), {} bytes",
        times[0],
        times[runs - 1],
        pdf.len()
    );
}
