//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a report.
//!
//! Only what the viewer shows is read (title, date, categories); every other key a blog
//! engine uses (`layout`, `comments`, …) is ignored rather than rejected, so a real blog
//! folder reads as is.
//!
//! YAML aliases copy the node they name, so nine lines of `a1: &a1 [*a0, *a0, …]` expand to
//! billions of nodes: the YAML is first walked event by event, counting the nodes it expands
//! to and how deep it nests, and refused past [`MAX_YAML_NODES`] or [`MAX_YAML_DEPTH`] before
//! anything is built. TOML has no aliases, and its parser limits nesting itself.

use std::collections::HashMap;

use serde::Serialize;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::{Yaml, YamlLoader};

/// Most nodes a YAML front matter may expand to, aliases counted at their full size. A real
/// front matter has a few dozen.
pub const MAX_YAML_NODES: u64 = 10_000;

/// Deepest nesting of lists and mappings in a YAML front matter.
pub const MAX_YAML_DEPTH: usize = 64;

/// What the front matter says about a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// As written (`2019-03-27 13:42`): reports come from many blog engines, and the
    /// viewer only displays and sorts it.
    pub date: Option<String>,
    pub categories: Vec<String>,
}

/// A front matter block that cannot be read, YAML or TOML alike. `line` is 1-based, in the
/// report file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

/// The front matter of a report and where its body starts.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: FrontMatter,
    pub body: &'a str,
    /// Number of lines before `body` (so body line 1 is file line `body_line_offset + 1`).
    pub body_line_offset: usize,
}

/// Splits `source` into front matter and body. A file without front matter is all body.
pub fn split(source: &str) -> Result<Split<'_>, FrontMatterError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(fence) = ["---", "+++"]
        .into_iter()
        .find(|fence| first_line(source).trim_end() == *fence)
    else {
        return Ok(Split {
            front_matter: FrontMatter::default(),
            body: source,
            body_line_offset: 0,
        });
    };

    let after_open = first_line_len(source);
    let mut offset = after_open;
    // The opening fence is line 1, so the first line after it is line 2.
    for (line_number, line) in (2..).zip(source[after_open..].split_inclusive('\n')) {
        let trimmed = line.trim_end();
        // YAML also allows `...` to end a document.
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            let block = &source[after_open..offset];
            let front_matter = if fence == "---" {
                parse_yaml(block)?
            } else {
                parse_toml(block)?
            };
            return Ok(Split {
                front_matter,
                body: &source[offset + line.len()..],
                body_line_offset: line_number,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: format!("front matter opened with `{fence}` is never closed"),
    })
}

fn first_line(source: &str) -> &str {
    source.lines().next().unwrap_or("")
}

fn first_line_len(source: &str) -> usize {
    source.find('\n').map_or(source.len(), |i| i + 1)
}

fn parse_yaml(block: &str) -> Result<FrontMatter, FrontMatterError> {
    check_yaml_size(block)?;
    let documents = YamlLoader::load_from_str(block).map_err(|error| FrontMatterError {
        // The scanner counts from the block's first line, which is file line 2.
        line: error.marker().line() + 1,
        message: format!("invalid YAML front matter: {}", error.info()),
    })?;
    let Some(document) = documents.into_iter().next() else {
        return Ok(FrontMatter::default());
    };
    let Yaml::Hash(map) = document else {
        return Err(FrontMatterError {
            line: 2,
            message: "front matter must be a mapping of keys to values".into(),
        });
    };
    let get = |key: &str| map.get(&Yaml::String(key.into()));
    Ok(FrontMatter {
        title: get("title").and_then(yaml_scalar),
        date: get("date").and_then(yaml_scalar),
        categories: get("categories")
            .or_else(|| get("category"))
            .map(yaml_list)
            .unwrap_or_default(),
    })
}

/// Walks the YAML's events without building anything, and refuses it if it would expand to
/// more than [`MAX_YAML_NODES`] nodes or nest deeper than [`MAX_YAML_DEPTH`]. Syntax errors
/// are left to the loader, which reports them with its own words.
fn check_yaml_size(block: &str) -> Result<(), FrontMatterError> {
    let mut parser = Parser::new_from_str(block);
    // Nodes so far; for each anchor, the nodes its node expands to; for each open list or
    // mapping, its anchor and the node count where it started.
    let mut nodes: u64 = 0;
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    let too_deep = |line| FrontMatterError {
        line,
        message: format!("front matter nests deeper than {MAX_YAML_DEPTH} levels; not read"),
    };
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // The scanner stops flow nesting (`[[[…`) on its own, in other words.
            Err(error) if error.info().contains("recursion limit") => {
                return Err(too_deep(error.marker().line() + 1))
            }
            Err(_) => return Ok(()),
        };
        // The scanner counts from the block's first line, which is file line 2.
        let line = mark.line() + 1;
        match event {
            Event::StreamEnd => return Ok(()),
            Event::Scalar(_, _, anchor, _) => {
                nodes += 1;
                if anchor > 0 {
                    anchors.insert(anchor, 1);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                nodes += 1;
                open.push((anchor, nodes - 1));
                if open.len() > MAX_YAML_DEPTH {
                    return Err(too_deep(line));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = open.pop() {
                    if anchor > 0 {
                        anchors.insert(anchor, nodes - start);
                    }
                }
            }
            Event::Alias(anchor) => {
                nodes = nodes.saturating_add(anchors.get(&anchor).copied().unwrap_or(1));
            }
            _ => {}
        }
        if nodes > MAX_YAML_NODES {
            return Err(FrontMatterError {
                line,
                message: format!(
                    "front matter expands to more than {MAX_YAML_NODES} values \
                     (YAML aliases repeating each other); not read"
                ),
            });
        }
    }
}

fn yaml_scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Jekyll reads `categories: a b c` as three categories, and a YAML list as a list.
fn yaml_list(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::Array(items) => items.iter().filter_map(yaml_scalar).collect(),
        other => yaml_scalar(other)
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
    }
}

fn parse_toml(block: &str) -> Result<FrontMatter, FrontMatterError> {
    let table: toml::Table = block.parse().map_err(|error: toml::de::Error| {
        let line = error
            .span()
            .map_or(0, |span| block[..span.start].matches('\n').count());
        FrontMatterError {
            line: line + 2,
            message: format!("invalid TOML front matter: {}", error.message()),
        }
    })?;
    let scalar = |value: &toml::Value| match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    let categories = match table.get("categories").or_else(|| table.get("category")) {
        Some(toml::Value::Array(items)) => items.iter().filter_map(scalar).collect(),
        Some(other) => scalar(other)
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(FrontMatter {
        title: table.get("title").and_then(scalar),
        date: table.get("date").and_then(scalar),
        categories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_with_space_separated_categories() {
        let source = "---\nlayout: post\ntitle: \"[参加レポート]Google Cloud Kubernetes Day\"\ndate: 2019-03-27 13:42\ncomments: true\ncategories: kubernetes google gcp\n---\n\nbody\n";
        let split = split(source).unwrap();
        assert_eq!(
            split.front_matter,
            FrontMatter {
                title: Some("[参加レポート]Google Cloud Kubernetes Day".into()),
                date: Some("2019-03-27 13:42".into()),
                categories: vec!["kubernetes".into(), "google".into(), "gcp".into()],
            }
        );
        assert_eq!(split.body, "\nbody\n");
        assert_eq!(split.body_line_offset, 7);
    }

    #[test]
    fn toml_front_matter_with_a_list() {
        let source = "+++\ntitle = \"Notes\"\ndate = 2020-01-02\ncategories = [\"a\", \"b\"]\nextra = 1\n+++\n# S\n";
        let split = split(source).unwrap();
        assert_eq!(split.front_matter.title.as_deref(), Some("Notes"));
        assert_eq!(split.front_matter.date.as_deref(), Some("2020-01-02"));
        assert_eq!(split.front_matter.categories, vec!["a", "b"]);
        assert_eq!(split.body, "# S\n");
    }

    #[test]
    fn no_front_matter_means_all_body() {
        let split = split("# Title\n").unwrap();
        assert_eq!(split.front_matter, FrontMatter::default());
        assert_eq!(split.body, "# Title\n");
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_line_one() {
        let error = split("---\ntitle: x\n\n# Session\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(error.message.contains("never closed"), "{}", error.message);
    }

    #[test]
    fn yaml_syntax_error_names_the_file_line() {
        let error = split("---\ntitle: ok\ncategories: [a, b\n---\n").unwrap_err();
        assert!(error.message.contains("YAML"), "{}", error.message);
        assert!((3..=4).contains(&error.line), "line {}", error.line);
    }

    // Regression: nine levels of aliases expanded to billions of nodes and every command
    // ran out of memory.
    #[test]
    fn alias_expansion_beyond_the_budget_is_refused() {
        let mut yaml = String::from("---\ntitle: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = format!("*a{}", level - 1);
            let list = vec![previous; 9].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
        }
        yaml.push_str("---\nbody\n");
        let error = split(&yaml).unwrap_err();
        assert!(
            error.message.contains("expands to more than"),
            "{}",
            error.message
        );
        assert!((4..=12).contains(&error.line), "line {}", error.line);
    }

    #[test]
    fn a_few_aliases_are_read() {
        let source = "---\nbase: &base [k8s, gke]\ncategories: *base\ntitle: t\n---\n";
        let split = split(source).unwrap();
        assert_eq!(split.front_matter.categories, ["k8s", "gke"]);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "---\ntitle: x\nd: {}{}\n---\n",
            "[".repeat(5_000),
            "]".repeat(5_000)
        );
        let error = split(&deep).unwrap_err();
        assert!(error.message.contains("nests deeper"), "{}", error.message);
        let block = (0..200)
            .map(|depth| format!("{}k:", "  ".repeat(depth)))
            .collect::<Vec<_>>()
            .join("\n");
        let error = split(&format!("---\n{block}\n---\n")).unwrap_err();
        assert!(error.message.contains("nests deeper"), "{}", error.message);
    }

    #[test]
    fn toml_syntax_error_names_the_file_line() {
        let error = split("+++\ntitle = \"x\"\ndate = = 3\n+++\n").unwrap_err();
        assert_eq!(error.line, 3, "{}", error.message);
    }
}
