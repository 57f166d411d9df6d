//! The page's entry point: mounts the Yew app (see `heapscope_web::app`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    heapscope_web::app::start();
}
