//! The analysis worker's entry point (a module Web Worker; see `heapscope_web::worker`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    heapscope_web::worker::start();
}
