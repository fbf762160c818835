//! Writes the hostile corpus (`tests/hostile/corpus.rs`) at the sizes its problems were found
//! at, one content folder per case, for `scripts/figures.sh --hostile`.
//!
//!   cargo run --release --example hostile_corpus -- OUT_DIR [--test-scale]

#[path = "../tests/hostile/corpus.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(std::path::PathBuf::from) else {
        eprintln!("usage: hostile_corpus OUT_DIR [--test-scale]");
        std::process::exit(2);
    };
    let scale = if args.next().is_some_and(|a| a == "--test-scale") {
        corpus::Scale::Test
    } else {
        corpus::Scale::Full
    };
    for case in corpus::all() {
        let dir = out.join(case.name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("an old case folder can be removed");
        }
        case.write(&dir, scale);
        println!("{}\t{}", case.name, dir.display());
    }
}
