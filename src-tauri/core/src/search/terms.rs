//! How index terms are spelled: one builder for each kind of term, used both by the
//! tokenizer that writes the terms and by the queries that look them up, so the two can
//! never spell one differently. Why each kind exists is [`super::tokenizer`]'s to say.
//!
//! The marks are control characters: folding never lets one through into a run, so a
//! marked term never collides with text.

/// Marks a suffix token. A control character: folding never lets one through into a run.
pub const SUFFIX_MARK: char = '\u{1}';

/// Marks the first character of a Japanese run of two or more (`の` + mark for `の学習`),
/// indexed at the run's first position.
pub const START_MARK: char = '\u{2}';

/// Marks the last character of a Japanese run of two or more (mark + `習` for `の学習`),
/// indexed at the run's last position.
pub const END_MARK: char = '\u{3}';

/// Starts the joint token of a word and the Japanese run after it: the mark, the run's
/// first character, then the word reversed (`GKEの` gives mark + `のekg`). A needle of a
/// word and one Japanese character (`k8sの`, typed on the way to `k8sのクラスタ`) is then one
/// range of the term dictionary, where a phrase would read the positions of that character
/// in every section holding the word. Reversed, because the needle's word may be the end
/// of the text's word (`8sの` finds `k8sの`), and a range walk needs a common start.
pub const JOINT_AFTER_WORD: char = '\u{4}';

/// Starts the joint token of a Japanese run and the word after it: the mark, the run's
/// last character, then the word (`上GKE` gives mark + `上gke`).
pub const JOINT_BEFORE_WORD: char = '\u{5}';

/// Starts the token of a run of symbols (see the module documentation): the mark, then the
/// symbols; a suffix token is [`SUFFIX_MARK`], this mark, then the suffix.
pub const SYMBOL_MARK: char = '\u{6}';

/// A word (cut), a Japanese gram or bigram, or a one-character run: its characters.
pub fn plain(chars: impl IntoIterator<Item = char>) -> String {
    chars.into_iter().collect()
}

/// A suffix of a word, or the second character of a bigram: behind [`SUFFIX_MARK`].
pub fn suffix(chars: impl IntoIterator<Item = char>) -> String {
    let mut text = String::from(SUFFIX_MARK);
    text.extend(chars);
    text
}

/// The first character of a Japanese run of two or more, before [`START_MARK`].
pub fn run_start(ch: char) -> String {
    [ch, START_MARK].into_iter().collect()
}

/// The last character of a Japanese run of two or more, behind [`END_MARK`].
pub fn run_end(ch: char) -> String {
    [END_MARK, ch].into_iter().collect()
}

/// The joint token of a word and the Japanese run after it: [`JOINT_AFTER_WORD`], the
/// run's first character, then the word reversed.
pub fn joint_after_word(
    first: char,
    word: impl IntoIterator<Item = char, IntoIter: DoubleEndedIterator>,
) -> String {
    let mut text = String::from(JOINT_AFTER_WORD);
    text.push(first);
    text.extend(word.into_iter().rev());
    text
}

/// The joint token of a Japanese run and the word after it: [`JOINT_BEFORE_WORD`], the
/// run's last character, then the word.
pub fn joint_before_word(last: char, word: impl IntoIterator<Item = char>) -> String {
    let mut text = String::from(JOINT_BEFORE_WORD);
    text.push(last);
    text.extend(word);
    text
}

/// A run of symbols behind [`SYMBOL_MARK`], whole or (`suffix`) one of its suffixes,
/// behind [`SUFFIX_MARK`] too, as a word's are.
pub fn symbols(chars: impl IntoIterator<Item = char>, suffix: bool) -> String {
    let mut text = String::new();
    if suffix {
        text.push(SUFFIX_MARK);
    }
    text.push(SYMBOL_MARK);
    text.extend(chars);
    text
}
