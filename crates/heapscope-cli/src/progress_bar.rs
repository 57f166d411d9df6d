//! A one-line progress bar on stderr, drawn only when stderr is a terminal.

use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::rc::Rc;

#[derive(Clone)]
pub struct ProgressBar {
    total: u64,
    enabled: bool,
    last_permille: Rc<Cell<i64>>,
}

impl ProgressBar {
    pub fn new(total: u64) -> Self {
        ProgressBar {
            total,
            enabled: std::io::stderr().is_terminal(),
            last_permille: Rc::new(Cell::new(-1)),
        }
    }

    pub fn update(&self, bytes: u64, phase: &str) {
        if !self.enabled {
            return;
        }
        let permille = (bytes * 1000)
            .checked_div(self.total)
            .unwrap_or(0)
            .min(1000) as i64;
        if permille == self.last_permille.get() && bytes < self.total {
            return;
        }
        self.last_permille.set(permille);
        let filled = (permille * 30 / 1000) as usize;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {:>5.1}% {:>8.1} MB  {:<32}",
            "#".repeat(filled),
            " ".repeat(30 - filled),
            permille as f64 / 10.0,
            bytes as f64 / 1e6,
            phase
        );
        let _ = err.flush();
    }

    pub fn clear(&self) {
        if self.enabled {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(90));
        }
    }
}
