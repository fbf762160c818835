//! Writes a synthetic library of N reports made from the bundled one (the search
//! benchmark's generator), as a Jekyll-style folder, for `scripts/figures.sh --scale`.
//!
//!   cargo run --release --example synthetic_library -- OUT_DIR N

#[path = "../src-tauri/core/benches/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(out), Some(Ok(size))) = (args.next(), args.next().map(|n| n.parse::<usize>())) else {
        eprintln!("usage: synthetic_library OUT_DIR N");
        std::process::exit(2);
    };
    let posts = std::path::Path::new(&out).join("_posts");
    std::fs::create_dir_all(&posts).expect("the folder can be made");
    for (id, source) in synthetic::synthetic_sources(size) {
        std::fs::write(posts.join(format!("{id}.md")), source).expect("a report is written");
    }
}
