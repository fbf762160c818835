//! Synthetic libraries made deterministically from the bundled report's text: for the search
//! benchmark (in memory) and for `examples/synthetic_library.rs` (on disk, for the figures of
//! a large library).

use std::path::Path;

/// The bundled report's text, found from the core crate (the bench) or the app crate (the
/// example).
pub fn bundled_source() -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = "content/_posts/2019-03-27-google-cloud-kubernetes-day.md";
    let path = [
        manifest.join(relative),
        manifest.join("../..").join(relative),
    ]
    .into_iter()
    .find(|path| path.is_file())
    .expect("the bundled report");
    std::fs::read_to_string(path).expect("the bundled report is readable")
}

/// Deterministic pseudo-random numbers (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

/// A synthetic report: the bundled report's sessions in a shuffled order and subset, each
/// session's lines shuffled, plus a few words of its own (a unique Latin word and Japanese
/// strings recombined from the report's characters) so the vocabulary grows with the
/// library as a real one would.
fn synthetic_source(number: usize, sessions: &[&str], japanese: &[char]) -> String {
    let mut rng = Lcg(number as u64 * 7919 + 1);
    let mut out = format!(
        "---\ntitle: Synthetic report {number}\ndate: 2020-01-{:02}\ncategories: synthetic\n---\n\nReport {number} overview.\n\n",
        number % 28 + 1
    );
    let count = 2 + rng.next(sessions.len() - 1);
    for _ in 0..count {
        let session = sessions[rng.next(sessions.len())];
        let mut lines: Vec<&str> = session.lines().collect();
        let (heading, rest) = lines.split_at_mut(1);
        for i in (1..rest.len()).rev() {
            rest.swap(i, rng.next(i + 1));
        }
        out.push_str(heading[0]);
        out.push('\n');
        for line in rest.iter() {
            out.push_str(line);
            out.push('\n');
        }
        let invented: String = (0..4).map(|_| japanese[rng.next(japanese.len())]).collect();
        out.push_str(&format!(
            "\n- word{number}x{} {invented}\n\n",
            rng.next(1000)
        ));
    }
    out
}

pub fn synthetic_sources(size: usize) -> Vec<(String, String)> {
    let bundled = bundled_source();
    let body = bundled.splitn(3, "---").nth(2).unwrap();
    let sessions: Vec<&str> = body
        .match_indices("\n# ")
        .map(|(i, _)| i + 1)
        .collect::<Vec<_>>()
        .windows(2)
        .map(|w| &body[w[0]..w[1]])
        .chain(body.rfind("\n# ").map(|i| &body[i + 1..]))
        .collect();
    let mut japanese: Vec<char> = body
        .chars()
        .filter(|c| matches!(c, '\u{3041}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
        .collect();
    japanese.sort_unstable();
    japanese.dedup();
    (0..size)
        .map(|n| {
            (
                format!("synthetic-{n:05}"),
                synthetic_source(n, &sessions, &japanese),
            )
        })
        .collect()
}
