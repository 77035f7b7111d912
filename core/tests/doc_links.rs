//! The repository's own docs are the spec a maintainer reads, so every citation of them must
//! land. Two checks over the source of every crate and door (Rust, Python, JavaScript,
//! TypeScript, Java — comments and strings alike, under `core/`, `cli/`, `server/`, `tables/`,
//! `testkit/` and `bindings-*/`), and one over the Markdown:
//!
//! - each `docs/<page>.md` or `docs/<page>.md#<anchor>` names a page that exists and, with an anchor, a
//!   heading of that page whose GitHub slug is the anchor (`docs/reconcile.md#matching, #signals`
//!   checks both anchors against that page), and a section is cited by its anchor, not by its
//!   title in quotes (`docs/cli.md "Input"` cannot be checked);
//! - no citation of the specification kept outside the repository remains (`RULES §n`,
//!   `RULES.md`, `CONTRACT "…"`, `CONTRACT.md`, `CONTRACT v1.x`, `RECONCILE.md`); a line that
//!   names the shared folder itself (`shared/spec/`) is a path, not a citation, and is allowed;
//! - every relative link `[text](page.md#anchor)` of `docs/`, `README.md` and `ARCHITECTURE.md`
//!   lands the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const SOURCE_DIRS: &[&str] = &["core", "cli", "server", "tables", "testkit"];
const SOURCE_EXTENSIONS: &[&str] = &["rs", "py", "pyi", "js", "mjs", "ts", "java"];
const SKIPPED_DIRS: &[&str] = &[
    "target",
    "node_modules",
    ".venv",
    "pkg",
    "dist",
    "build",
    "__pycache__",
    ".pytest_cache",
    ".gradle",
];

/// Citations of the specification kept outside the repository, built so that this file does not
/// hold them itself.
fn forbidden() -> Vec<String> {
    let (rules, contract, reconcile) = ("RULES", "CONTRACT", "RECONCILE");
    vec![
        format!("{rules} §"),
        format!("{rules}§"),
        format!("{rules}.md"),
        format!("{contract} \""),
        format!("{contract} \\\""),
        format!("{contract}.md"),
        format!("{contract} v1"),
        format!("{reconcile}.md"),
    ]
}

fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name) {
                walk(&path, extensions, out);
            }
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| extensions.contains(&x))
        {
            out.push(path);
        }
    }
}

fn source_files() -> Vec<PathBuf> {
    let root = root();
    let mut dirs: Vec<PathBuf> = SOURCE_DIRS.iter().map(|d| root.join(d)).collect();
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("bindings-") {
            dirs.push(entry.path());
        }
    }
    let mut files = Vec::new();
    for dir in dirs {
        walk(&dir, SOURCE_EXTENSIONS, &mut files);
    }
    files.sort();
    files
}

/// GitHub's anchor for a heading: lower case, spaces to `-`, every character that is not a
/// letter, a digit, `-` or `_` dropped (CJK characters are letters and stay).
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown page: each heading's slug, a repeated one suffixed `-1`, `-2`, …
/// as GitHub does; headings inside code fences are not headings.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if fenced || hashes == 0 || hashes > 6 || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(&line[hashes..]);
        let n = seen.entry(base.clone()).or_insert(0);
        out.insert(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    out
}

/// Where a cited page or anchor does not exist, or `None`.
fn check_target(
    page: &Path,
    anchors_wanted: &[String],
    cache: &mut BTreeMap<PathBuf, Option<BTreeSet<String>>>,
) -> Option<String> {
    let found = cache
        .entry(page.to_path_buf())
        .or_insert_with(|| std::fs::read_to_string(page).ok().map(|t| anchors(&t)));
    let Some(found) = found else {
        return Some("no such page".to_owned());
    };
    let missing: Vec<&String> = anchors_wanted
        .iter()
        .filter(|a| !found.contains(*a))
        .collect();
    (!missing.is_empty()).then(|| format!("no heading for #{missing:?}"))
}

/// The end of a path or an anchor in running text.
fn ends_token(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ')' | '('
                | '`'
                | '"'
                | '\''
                | ','
                | ';'
                | ']'
                | '['
                | '<'
                | '>'
                | '*'
                | '\\'
                | '）'
                | '，'
                | '。'
        )
}

/// Each `docs/<page>.md` citation of a line with the anchors that follow it (`#a, #b`); a
/// section named by its title in quotes (`docs/cli.md "Input"`) is the anchor `"` (never one).
fn citations(line: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("docs/") {
        // `docs/` as the start of a path, not the tail of another one (`bindings-wasm/docs/`).
        let before = rest[..at].chars().next_back();
        let tail = &rest[at..];
        let end = tail.find(ends_token).unwrap_or(tail.len());
        let token = tail[..end].trim_end_matches(['.', ':']);
        rest = &tail[end..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-' || c == '_') {
            continue;
        }
        let (path, anchor) = match token.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (token, None),
        };
        if !path.ends_with(".md") {
            continue;
        }
        let mut wanted: Vec<String> = anchor.map(str::to_owned).into_iter().collect();
        if rest.starts_with(" \"") || rest.starts_with(" \\\"") {
            wanted.push("\"".to_owned());
        }
        // `…#a, #b, #c`: further anchors of the same page.
        let mut more = rest;
        while let Some(next) = more.strip_prefix(", #") {
            let end = next.find(ends_token).unwrap_or(next.len());
            wanted.push(next[..end].trim_end_matches(['.', ':']).to_owned());
            more = &next[end..];
        }
        out.push((path.to_owned(), wanted));
    }
    out
}

#[test]
fn slugs_are_githubs() {
    assert_eq!(
        slug("The person key: `id_number`"),
        "the-person-key-id_number"
    );
    assert_eq!(
        slug("§13 Population indicators (§七(三) \"不发生规模性返贫\")"),
        "13-population-indicators-七三-不发生规模性返贫"
    );
    assert_eq!(
        slug("1. Batches never lose a record (command line)"),
        "1-batches-never-lose-a-record-command-line"
    );
    let a = anchors("# A\n## Output\n```\n# not a heading\n```\n### Output\n#nospace\n");
    assert_eq!(
        a.into_iter().collect::<Vec<_>>(),
        ["a", "output", "output-1"]
    );
    assert_eq!(
        citations("see docs/reconcile.md#matching, #signals and (docs/rules/dibao.md)."),
        [
            (
                "docs/reconcile.md".to_owned(),
                vec!["matching".to_owned(), "signals".to_owned()]
            ),
            ("docs/rules/dibao.md".to_owned(), vec![])
        ]
    );
    assert!(citations("bindings-wasm/docs/x.md").is_empty());
    assert_eq!(
        citations("(docs/cli.md \"Input\")"),
        [("docs/cli.md".to_owned(), vec!["\"".to_owned()])]
    );
}

#[test]
fn every_cited_doc_page_and_anchor_exists() {
    let root = root();
    let files = source_files();
    assert!(files.len() > 100, "{} source files", files.len());
    let mut cache = BTreeMap::new();
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        // This file shows broken citations on purpose.
        if file.ends_with("core/tests/doc_links.rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for (page, wanted) in citations(line) {
                checked += 1;
                if let Some(why) = check_target(&root.join(&page), &wanted, &mut cache) {
                    let shown = file.strip_prefix(&root).unwrap_or(file).display();
                    broken.push(format!("{shown}:{}: {page} {wanted:?}: {why}", n + 1));
                }
            }
        }
    }
    println!("{checked} citations of docs/ in {} files", files.len());
    assert!(checked > 100, "only {checked} citations found");
    assert!(
        broken.is_empty(),
        "{} broken citations:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn no_citation_of_the_spec_outside_the_repository_remains() {
    let root = root();
    let patterns = forbidden();
    let mut found = Vec::new();
    for file in source_files() {
        if file.ends_with("core/tests/doc_links.rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.contains("shared/spec/") {
                continue;
            }
            if let Some(p) = patterns.iter().find(|p| line.contains(p.as_str())) {
                let shown = file.strip_prefix(&root).unwrap_or(&file).display();
                found.push(format!("{shown}:{}: {p:?} in {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} citations of the outside spec (cite docs/… instead):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_relative_link_of_the_docs_lands() {
    let root = root();
    let mut pages = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    walk(&root.join("docs"), &["md"], &mut pages);
    pages.sort();
    let mut cache = BTreeMap::new();
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        let dir = page.parent().unwrap_or(&root);
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let end = tail.find([')', ' ', '\n']).unwrap_or(tail.len());
            let target = &tail[..end];
            rest = &tail[end..];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target, None),
            };
            let file = if path.is_empty() {
                page.clone()
            } else {
                dir.join(path)
            };
            if !path.is_empty() && !path.ends_with(".md") {
                if !file.exists() {
                    broken.push(format!("{}: {target}: no such file", page.display()));
                }
                continue;
            }
            checked += 1;
            let wanted: Vec<String> = anchor.map(str::to_owned).into_iter().collect();
            if let Some(why) = check_target(&file, &wanted, &mut cache) {
                let shown = page.strip_prefix(&root).unwrap_or(page).display();
                broken.push(format!("{shown}: {target}: {why}"));
            }
        }
    }
    assert!(checked > 30, "only {checked} links found");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}
