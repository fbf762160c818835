//! Anchors for headings: readable, stable and unique within one page.
//!
//! An anchor is the folded heading text with each run of spaces and punctuation turned into
//! one `-`, so Japanese headings keep their characters (`Cloud Nativeの難しさ` →
//! `cloud-nativeの難しさ`). Repeats get `-1`, `-2`, … in document order, so the same report
//! always yields the same anchors.

use std::collections::{HashMap, HashSet};

use crate::text::class::{classify, CharClass};
use crate::text::fold;

/// Hands out unique anchors for the headings of one page, in order.
#[derive(Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
    /// For each base anchor, the last number tried for it: the next repeat starts after it,
    /// so a page with the same heading thousands of times costs linear time, not quadratic.
    last_number: HashMap<String, usize>,
}

impl Slugger {
    /// The anchor for the next heading with text `heading`.
    pub fn anchor(&mut self, heading: &str) -> String {
        let base = slug(heading);
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.last_number.entry(base.clone()).or_insert(0);
        loop {
            *n += 1;
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn slug(heading: &str) -> String {
    let mut out = String::new();
    for ch in fold(heading).chars() {
        match classify(ch) {
            CharClass::Word | CharClass::Japanese => out.push(ch),
            CharClass::Symbol | CharClass::Separator => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_keep_japanese_and_fold_latin() {
        let mut slugger = Slugger::default();
        assert_eq!(
            slugger.anchor("Cloud Nativeの難しさ"),
            "cloud-nativeの難しさ"
        );
        assert_eq!(
            slugger.anchor("取り組む上での課題: 組織面"),
            "取り組む上での課題-組織面"
        );
        assert_eq!(slugger.anchor("ＧＫＥ 新機能の利用"), "gke-新機能の利用");
        assert_eq!(slugger.anchor("GKEでのCI/CD"), "gkeでのci-cd");
    }

    #[test]
    fn repeated_headings_get_numbered() {
        let mut slugger = Slugger::default();
        assert_eq!(slugger.anchor("Network"), "network");
        assert_eq!(slugger.anchor("Network"), "network-1");
        assert_eq!(slugger.anchor("network"), "network-2");
        assert_eq!(slugger.anchor("!!!"), "section");
        assert_eq!(slugger.anchor("???"), "section-1");
    }

    #[test]
    fn a_heading_that_looks_like_a_numbered_repeat_is_skipped_over() {
        let mut slugger = Slugger::default();
        assert_eq!(slugger.anchor("a-1"), "a-1");
        assert_eq!(slugger.anchor("a"), "a");
        assert_eq!(slugger.anchor("a"), "a-2");
        assert_eq!(slugger.anchor("a-2"), "a-2-1");
        assert_eq!(slugger.anchor("a"), "a-3");
    }

    // Regression: numbering restarted at 1 for every repeat, so 30,000 `## a` took minutes.
    #[test]
    fn many_repeats_stay_unique_and_cheap() {
        let mut slugger = Slugger::default();
        let anchors: HashSet<String> = (0..50_000).map(|_| slugger.anchor("a")).collect();
        assert_eq!(anchors.len(), 50_000);
        assert!(anchors.contains("a-49999"));
    }
}
