//! Partial matches of one token without regular expressions.
//!
//! The partial positions of a query are "this literal, possibly after the suffix mark,
//! possibly followed by anything". Compiling such a pattern as a regular expression costs
//! hundreds of microseconds (the "anything" is all of Unicode); this automaton needs no
//! compilation and walks the term dictionary the same way: only terms starting with the
//! literal (or the mark and the literal) are visited.

use std::sync::Arc;

use tantivy::query::{AutomatonWeight, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy_fst::Automaton;

use super::terms::SUFFIX_MARK;

/// Matches terms made of an optional suffix mark, `literal`, and (if `open_end`) anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affix {
    literal: Vec<u8>,
    after_mark: bool,
    open_end: bool,
}

impl Affix {
    /// `after_mark`: the token may also be a suffix token (the literal ends a word).
    /// `open_end`: the literal may be followed by more (it starts a word).
    pub fn new(literal: &str, after_mark: bool, open_end: bool) -> Self {
        Affix {
            literal: literal.as_bytes().to_vec(),
            after_mark,
            open_end,
        }
    }
}

/// Where the automaton is: before the optional mark, or after `n` bytes of the literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AffixState {
    Start,
    Matched(usize),
    Dead,
}

impl Automaton for Affix {
    type State = AffixState;

    fn start(&self) -> AffixState {
        if self.after_mark {
            AffixState::Start
        } else {
            AffixState::Matched(0)
        }
    }

    fn is_match(&self, state: &AffixState) -> bool {
        *state == AffixState::Matched(self.literal.len())
    }

    fn can_match(&self, state: &AffixState) -> bool {
        *state != AffixState::Dead
    }

    fn will_always_match(&self, state: &AffixState) -> bool {
        self.open_end && self.is_match(state)
    }

    fn accept(&self, state: &AffixState, byte: u8) -> AffixState {
        match *state {
            AffixState::Start if byte == SUFFIX_MARK as u8 => AffixState::Matched(0),
            AffixState::Start => self.accept(&AffixState::Matched(0), byte),
            AffixState::Matched(n) if n < self.literal.len() => {
                if self.literal[n] == byte {
                    AffixState::Matched(n + 1)
                } else {
                    AffixState::Dead
                }
            }
            AffixState::Matched(n) if self.open_end => AffixState::Matched(n),
            _ => AffixState::Dead,
        }
    }
}

/// Documents with a term of `field` matching an [`Affix`]; every match scores the boost.
#[derive(Debug, Clone)]
pub struct AffixQuery {
    field: Field,
    affix: Arc<Affix>,
}

impl AffixQuery {
    pub fn new(field: Field, affix: Affix) -> Self {
        AffixQuery {
            field,
            affix: Arc::new(affix),
        }
    }
}

impl Query for AffixQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<Affix>::new(
            self.field,
            Arc::clone(&self.affix),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(affix: &Affix, term: &str) -> bool {
        let mut state = affix.start();
        for &byte in term.as_bytes() {
            state = affix.accept(&state, byte);
            if !affix.can_match(&state) {
                return false;
            }
        }
        affix.is_match(&state)
    }

    #[test]
    fn infix_prefix_suffix_and_exact() {
        let infix = Affix::new("driver", true, true);
        assert!(matches(&infix, "driver"));
        assert!(matches(&infix, "drivers"));
        assert!(matches(&infix, "\u{1}driver"));
        assert!(matches(&infix, "\u{1}drivers"));
        assert!(!matches(&infix, "stackdriver"));
        assert!(!matches(&infix, "drive"));
        let prefix = Affix::new("上", false, true);
        assert!(matches(&prefix, "上で"));
        assert!(matches(&prefix, "上"));
        assert!(!matches(&prefix, "\u{1}上"));
        let suffix = Affix::new("gke", true, false);
        assert!(matches(&suffix, "gke"));
        assert!(matches(&suffix, "\u{1}gke"));
        assert!(!matches(&suffix, "gkes"));
    }
}
