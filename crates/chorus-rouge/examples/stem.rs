//! Prints the Porter stem of each word read from stdin, one per line (used to cross-check the
//! stemmer against NLTK's: `bench/rouge_crosscheck.py`).
use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let word = line.expect("readable stdin");
        writeln!(out, "{}", chorus_rouge::porter::stem(&word)).expect("writable stdout");
    }
}
