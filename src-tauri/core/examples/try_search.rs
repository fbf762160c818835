fn main() {
    let args: Vec<String> = std::env::args().collect();
    let library = report_core::content::Library::load(std::path::Path::new(&args[1])).unwrap();
    let index = report_core::search::SearchIndex::build_in_ram(&library).unwrap();
    println!("docs {}", index.num_docs());
    for q in &args[2..] {
        let t = std::time::Instant::now();
        let hits = index.search(q, 50).unwrap();
        println!("== {q} ({} hits, {:?})", hits.len(), t.elapsed());
        for h in hits.iter().take(8) {
            println!(
                "  {:.3} {:?} / {:?} :: {}",
                h.score,
                h.session
                    .as_deref()
                    .map(|s| s.chars().take(20).collect::<String>()),
                h.heading,
                h.snippet
            );
        }
    }
}
