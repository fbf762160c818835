//! Ranking: every weight and tier that decides where a hit is listed, in one place.
//!
//! A section's place comes from three things, in this order:
//!
//! 1. its **tier**: how many of the needles it holds whole (a whole word, a whole Japanese
//!    string, or the whole session title or heading), so `nat` lists `Cloud NAT` before
//!    `Cloud Native` however much the session around `Native` talks;
//! 2. its **score**: what [`super::query`] gives each way a needle matches (whole matches
//!    by BM25 times [`WHOLE_WEIGHT`], prefixes and partial matches a constant, a whole
//!    title or heading [`WHOLE_TITLE_SCORE`]), times the weight of the field it matched in,
//!    plus [`SESSION_WEIGHT`] of the scores of the other top sections of its session, so a
//!    session about the needle ranks above a passing mention;
//! 3. **reading order**, between equals.

/// Score of a needle found whole (a whole word, or a Japanese string): BM25 times this.
pub const WHOLE_WEIGHT: f32 = 1.0;
/// Constant added when a needle starts a word (`nat` in `Native`).
pub const PREFIX_SCORE: f32 = 0.6;
/// Constant for any partial match, the recall guarantee.
pub const PARTIAL_SCORE: f32 = 0.3;
/// Constant added when the needle is a whole session title or heading.
pub const WHOLE_TITLE_SCORE: f32 = 4.0;

/// Weight of a match in a session's title (an overview's: its report's title).
pub const SESSION_TITLE_WEIGHT: f32 = 1.2;
/// Weight of a match in a section's heading.
pub const HEADING_WEIGHT: f32 = 1.5;
/// Weight of a match in a section's text.
pub const BODY_WEIGHT: f32 = 1.0;

/// The best candidates looked at to rank sessions: a session with many matching sections
/// is about the needle, and ranks above a passage that merely mentions it. Only these count
/// for the session share, so how two hits compare never depends on how many were asked for.
pub const POOL: usize = 100;
/// How much of the scores of the other sections of the same session a hit gets.
pub const SESSION_WEIGHT: f32 = 0.5;

/// A candidate section as ranking sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Its score from the query.
    pub score: f32,
    /// How many needles it holds whole.
    pub wholes: usize,
    /// Its session (sections of no session share none).
    pub session: Option<u64>,
    /// Its place in reading order.
    pub order: u64,
}

/// Orders `candidates`, given best score first: returns each one's position in
/// `candidates` with the score it shows, in the order they are listed. The score shown
/// includes the tier, so scores fall in the order hits are listed.
pub fn order(candidates: &[Candidate]) -> Vec<(usize, f32)> {
    let mut per_session: std::collections::HashMap<u64, f32> = Default::default();
    for candidate in candidates.iter().take(POOL) {
        if let Some(session) = candidate.session {
            *per_session.entry(session).or_default() += candidate.score;
        }
    }
    let mut ranked: Vec<(usize, f32)> = candidates
        .iter()
        .enumerate()
        .map(|(at, candidate)| {
            let own = if at < POOL { candidate.score } else { 0.0 };
            let others = candidate
                .session
                .and_then(|session| per_session.get(&session))
                .map_or(0.0, |total| total - own);
            (at, candidate.score + SESSION_WEIGHT * others)
        })
        .collect();
    ranked.sort_by(|(a, a_score), (b, b_score)| {
        let (a_candidate, b_candidate) = (&candidates[*a], &candidates[*b]);
        b_candidate
            .wholes
            .cmp(&a_candidate.wholes)
            .then(b_score.total_cmp(a_score))
            .then(a_candidate.order.cmp(&b_candidate.order))
    });
    // Each tier starts above the best score of the tier below.
    let step = ranked.iter().map(|r| r.1).fold(0.0, f32::max) + 1.0;
    ranked
        .into_iter()
        .map(|(at, score)| (at, score + candidates[at].wholes as f32 * step))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(score: f32, wholes: usize, session: Option<u64>, order: u64) -> Candidate {
        Candidate {
            score,
            wholes,
            session,
            order,
        }
    }

    fn listed(candidates: &[Candidate]) -> Vec<usize> {
        order(candidates).into_iter().map(|(at, _)| at).collect()
    }

    #[test]
    fn a_whole_match_outranks_any_score_of_partial_ones() {
        let candidates = [candidate(9.0, 0, None, 0), candidate(0.1, 1, None, 1)];
        assert_eq!(listed(&candidates), [1, 0]);
        let scores: Vec<f32> = order(&candidates).into_iter().map(|(_, s)| s).collect();
        assert!(scores[0] > scores[1], "{scores:?}");
    }

    #[test]
    fn a_session_about_the_needle_outranks_a_passing_mention() {
        // The mention scores best alone; the session's three sections lift each other.
        let candidates = [
            candidate(2.0, 0, Some(1), 0),
            candidate(1.5, 0, Some(2), 5),
            candidate(1.5, 0, Some(2), 6),
            candidate(1.5, 0, Some(2), 7),
        ];
        assert_eq!(listed(&candidates)[0], 1);
    }

    #[test]
    fn equals_keep_reading_order() {
        let candidates = [
            candidate(1.0, 0, None, 3),
            candidate(1.0, 0, None, 1),
            candidate(1.0, 0, None, 2),
        ];
        assert_eq!(listed(&candidates), [1, 2, 0]);
    }
}
