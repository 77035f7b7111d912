//! An "XLS" that is really an HTML table (what many web systems export): rows of `<tr>`, cells
//! of `<td>`/`<th>`, tags inside a cell dropped, the common entities decoded.

use crate::cell::Cell;

/// Whether decoded text looks like HTML.
pub(crate) fn is_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && (head.contains("<html") || head.contains("<table") || head.contains("<!doctype"))
}

/// The rows of every table in the text, in order.
pub(crate) fn rows(text: &str) -> Vec<Vec<Cell>> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = lower.get(at..).and_then(|s| s.find("<tr")).map(|i| i + at) {
        let end = lower
            .get(start..)
            .and_then(|s| s.find("</tr"))
            .map_or(lower.len(), |i| i + start);
        let mut row = Vec::new();
        let mut pos = start;
        while let Some(open) = find_cell(&lower, pos, end) {
            let Some(content_start) = lower
                .get(open..end)
                .and_then(|s| s.find('>'))
                .map(|i| i + open + 1)
            else {
                break;
            };
            let content_end = ["</td", "</th", "<td", "<th"]
                .iter()
                .filter_map(|t| lower.get(content_start..end).and_then(|s| s.find(t)))
                .min()
                .map_or(end, |i| i + content_start);
            let raw = text.get(content_start..content_end).unwrap_or_default();
            let value = decode(&strip_tags(raw));
            let value = value.trim();
            row.push(if value.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(value.to_owned())
            });
            pos = content_end;
        }
        out.push(row);
        at = end + 1;
    }
    out
}

fn find_cell(lower: &str, from: usize, end: usize) -> Option<usize> {
    let s = lower.get(from..end)?;
    let td = s.find("<td");
    let th = s.find("<th");
    match (td, th) {
        (Some(a), Some(b)) => Some(a.min(b) + from),
        (Some(a), None) | (None, Some(a)) => Some(a + from),
        (None, None) => None,
    }
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_xls() {
        let text = "<html><body><table><tr><th>身份证号码</th><th>姓名</th></tr>\
                    <tr><td style='mso-number-format:\"\\@\"'>11010519491231002X</td><td><b>张&amp;三</b></td></tr>\
                    <tr><td></td><td>x</td></tr></table></body></html>";
        assert!(is_html(text));
        let rows = rows(text);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[1],
            vec![
                Cell::Text("11010519491231002X".into()),
                Cell::Text("张&三".into())
            ]
        );
        assert_eq!(rows[2][0], Cell::Empty);
    }
}
