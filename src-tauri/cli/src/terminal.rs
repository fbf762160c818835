//! Text from reports made safe for a terminal.
//!
//! A report is untrusted text, and a terminal obeys control characters: ESC and the C1
//! controls start sequences that retitle the window, write the clipboard or rewrite what
//! is on screen. Nothing the command line prints carries them. In text output each shows
//! as its visible picture (`␛`); in JSON, where the serializer leaves C1 controls and DEL
//! as they are, they are written as `\u` escapes, so the value read back is exact.

use std::borrow::Cow;

/// `text` with every C0 and C1 control character but newline and tab made visible:
/// C0 controls and DEL as their control pictures (`␛`), C1 controls as `�`. A carriage
/// return is dropped, so a Windows line end stays one line end.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\r' => {}
            '\u{0}'..='\u{1f}' if ch != '\n' && ch != '\t' => {
                out.push(char::from_u32(0x2400 + ch as u32).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// JSON text with the C1 controls and DEL that the serializer leaves raw written as `\u`
/// escapes. They can only stand inside strings, where an escape means the same character.
pub fn clean_json(json: String) -> String {
    if !json.chars().any(|c| matches!(c, '\u{7f}'..='\u{9f}')) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for ch in json.chars() {
        if matches!(ch, '\u{7f}'..='\u{9f}') {
            out.push_str(&format!("\\u{:04x}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

fn is_unsafe(ch: char) -> bool {
    (ch.is_control() && ch != '\n' && ch != '\t') || ch == '\u{7f}'
}

/// Writes one line to stderr. Unlike `eprintln!`, a closed stderr (`report-viewer … 2>&1 |
/// head`) is no panic: there is no one left to tell.
pub fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_text_stays() {
        assert_eq!(clean("plain 日本語\tx\n"), "plain 日本語\tx\n");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(
            clean("\u{1b}]0;owned\u{7}title\u{9b}2J\r\n\u{7f}"),
            "␛]0;owned␇title\u{fffd}2J\n␡"
        );
    }

    #[test]
    fn json_keeps_its_value() {
        let value = serde_json::json!({ "title": "a\u{1b}[2J\u{9b}b\u{7f}" });
        let json = clean_json(serde_json::to_string(&value).unwrap());
        assert!(!json.chars().any(|c| c.is_control()), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
    }
}
