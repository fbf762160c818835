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
    /// Signs written as part of terms (`+` in `C++`, `#` in `#gc_k8sday`, `@`, `/`, `.`,
    /// `→`): ASCII punctuation and symbols (fullwidth ones fold to them), arrows,
    /// mathematical and technical signs, shapes, dingbats and currency signs. Between words
    /// they separate, as spaces do; a term that has them must have them where it occurs.
    Symbol,
    /// Spaces, Japanese punctuation (`、` `。` `・` `「`) and typographic punctuation
    /// (dashes, quotation marks, ellipses): never indexed.
    Separator,
}

/// Classifies one already-folded character.
pub fn classify(ch: char) -> CharClass {
    if ch.is_ascii() {
        return if ch.is_ascii_alphanumeric() {
            CharClass::Word
        } else if ch.is_ascii_punctuation() {
            CharClass::Symbol
        } else {
            CharClass::Separator
        };
    }
    if is_japanese(ch) {
        CharClass::Japanese
    } else if ch.is_alphanumeric() || unicode_normalization::char::is_combining_mark(ch) {
        CharClass::Word
    } else if is_symbol(ch) {
        CharClass::Symbol
    } else {
        CharClass::Separator
    }
}

/// Signs beyond ASCII that are written as part of terms (see [`CharClass::Symbol`]).
fn is_symbol(ch: char) -> bool {
    matches!(ch,
        // Currency signs.
        '\u{20a0}'..='\u{20cf}'
        // Arrows, mathematical operators, miscellaneous technical.
        | '\u{2190}'..='\u{23ff}'
        // Geometric shapes, miscellaneous symbols, dingbats (■ ★ ✓), supplemental arrows
        // and mathematical symbols.
        | '\u{25a0}'..='\u{27bf}' | '\u{27f0}'..='\u{2aff}'
        // Miscellaneous symbols and arrows (⬆ ⭐).
        | '\u{2b00}'..='\u{2bff}'
        // The reference mark ※, common in Japanese notes.
        | '\u{203b}')
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
        for ch in [' ', '・', '、', '。', '「', '（', '—', '…', '\u{3000}'] {
            assert_eq!(classify(ch), CharClass::Separator, "{ch}");
        }
        for ch in [
            '+', '#', '@', '-', ':', '(', '.', '/', '_', '→', '★', '※', '€',
        ] {
            assert_eq!(classify(ch), CharClass::Symbol, "{ch}");
        }
    }
}
