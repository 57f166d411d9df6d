//! Wall-clock laps of the analysis phases and of the report's sections. `std::time::Instant` panics
//! on wasm32-unknown-unknown, so there the timer reads the clock the host installs with
//! [`set_clock`] (the worker passes `performance.now()`), and records nothing without one.

#[cfg(target_arch = "wasm32")]
static CLOCK: std::sync::OnceLock<fn() -> f64> = std::sync::OnceLock::new();

/// Installs the millisecond clock laps are read from on wasm32 (natively `Instant` is used and
/// this does nothing). The first clock installed stays.
pub fn set_clock(now_ms: fn() -> f64) {
    #[cfg(target_arch = "wasm32")]
    let _ = CLOCK.set(now_ms);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = now_ms;
}

/// Milliseconds on a monotonic clock, `None` where there is none.
fn now_ms() -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        let start = *START.get_or_init(std::time::Instant::now);
        Some(start.elapsed().as_secs_f64() * 1000.0)
    }
    #[cfg(target_arch = "wasm32")]
    {
        CLOCK.get().map(|f| f())
    }
}

/// Records the time since the previous lap under a name.
pub struct Timer {
    last: Option<f64>,
    laps: Vec<(String, f64)>,
}

impl Timer {
    pub fn new() -> Self {
        Timer {
            last: now_ms(),
            laps: Vec::new(),
        }
    }

    pub fn lap(&mut self, name: &str) {
        if let (Some(last), Some(now)) = (self.last, now_ms()) {
            self.laps.push((name.to_owned(), now - last));
            self.last = Some(now);
        }
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
