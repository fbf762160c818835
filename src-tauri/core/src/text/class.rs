//! Which characters make words, which make Japanese runs, and which only separate.
//!
//! The tokenizer, the query builder and the highlighter must agree on this exactly: a
//! character the index treats as a separator must also be skipped when a match is located
//! for highlighting, or a highlight would miss a hit the index found.

/// The role a folded character plays in tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Han, hiragana, katakana and the prolonged sound mark `ー`: written without spaces,
    /// indexed as overlapping bigrams.
    Japanese,
    /// Letters and digits of other scripts (Latin above all): indexed as whole words.
    Word,
    /// Spaces and punctuation, `・` included: never indexed.
    Separator,
}

/// Classifies one already-folded character.
pub fn classify(ch: char) -> CharClass {
    if ch.is_ascii() {
        return if ch.is_ascii_alphanumeric() {
            CharClass::Word
        } else {
            CharClass::Separator
        };
    }
    if is_japanese(ch) {
        CharClass::Japanese
    } else if ch.is_alphanumeric() || unicode_normalization::char::is_combining_mark(ch) {
        CharClass::Word
    } else {
        CharClass::Separator
    }
}

fn is_japanese(ch: char) -> bool {
    matches!(ch,
        // Hiragana.
        '\u{3041}'..='\u{309f}'
        // Katakana with the prolonged sound mark, without the middle dot `・`.
        | '\u{30a0}'..='\u{30fa}' | '\u{30fc}'..='\u{30ff}'
        | '\u{31f0}'..='\u{31ff}'
        // Iteration and closing marks that live inside words: 々 〆 〇.
        | '\u{3005}' | '\u{3006}' | '\u{3007}'
        // CJK unified ideographs, extension A, compatibility ideographs, extensions B and on.
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{323af}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_report_characters() {
        for ch in ['障', 'サ', 'ー', 'の', '々'] {
            assert_eq!(classify(ch), CharClass::Japanese, "{ch}");
        }
        for ch in ['k', '8', 'é', 'Ж'] {
            assert_eq!(classify(ch), CharClass::Word, "{ch}");
        }
        for ch in [' ', '・', '、', '。', '-', ':', '(', '（', '「'] {
            assert_eq!(classify(ch), CharClass::Separator, "{ch}");
        }
    }
}
