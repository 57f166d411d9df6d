//! Wall-clock laps of the analysis phases. `std::time::Instant` panics on wasm32-unknown-unknown, so
//! there the timer records nothing (the app measures in JavaScript instead).

/// Records the time since the previous lap under a name.
pub struct Timer {
    #[cfg(not(target_arch = "wasm32"))]
    last: std::time::Instant,
    laps: Vec<(String, f64)>,
}

impl Timer {
    pub fn new() -> Self {
        Timer {
            #[cfg(not(target_arch = "wasm32"))]
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    pub fn lap(&mut self, name: &str) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let now = std::time::Instant::now();
            self.laps
                .push((name.to_owned(), (now - self.last).as_secs_f64() * 1000.0));
            self.last = now;
        }
        #[cfg(target_arch = "wasm32")]
        let _ = name;
    }

    /// Appends laps measured elsewhere (on another thread), indented under the last lap.
    pub fn extend(&mut self, laps: Vec<(String, f64)>) {
        self.laps
            .extend(laps.into_iter().map(|(n, ms)| (format!("  {n}"), ms)));
    }

    pub fn into_laps(self) -> Vec<(String, f64)> {
        self.laps
    }
}
