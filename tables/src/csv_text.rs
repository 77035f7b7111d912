//! Delimited text: the encoding detected (a BOM for UTF-8 or UTF-16, else UTF-8 when the bytes
//! are UTF-8, else GB18030), the delimiter detected (tab or comma), and the rows split by the
//! RFC 4180 rules (quoted fields may hold delimiters, doubled quotes and line breaks). A blank
//! line is a row with one empty cell, so row numbers count blank rows.

use std::borrow::Cow;

use crate::cell::Cell;

/// Decodes a text file to UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE.decode_with_bom_removal(bytes).0;
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE.decode_with_bom_removal(bytes).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
    }
}

/// Tab when the first lines hold more tabs than commas, else comma.
fn delimiter(text: &str) -> char {
    let head = text.lines().take(12);
    let (mut tabs, mut commas) = (0usize, 0usize);
    for line in head {
        tabs += line.matches('\t').count();
        commas += line.matches(',').count();
    }
    if tabs > commas { '\t' } else { ',' }
}

/// Calls `each` with every row of the text, in order; stops early when it returns false.
///
/// The delimiter, quote and line breaks are ASCII, so the text is scanned as bytes: each run of
/// ordinary characters is copied into its field at once (a field without quotes is one
/// allocation of its exact length).
pub(crate) fn rows(text: &str, mut each: impl FnMut(Vec<Cell>) -> bool) {
    let delim = u8::try_from(delimiter(text)).unwrap_or(b',');
    let bytes = text.as_bytes();
    let end = bytes.len();
    let mut row: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut any = false;
    let finish = |field: &mut String, quoted: &mut bool| {
        let text = std::mem::take(field);
        *quoted = false;
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    };
    // The next byte at or after `from` that `special` picks, or the end.
    let next = |from: usize, special: &dyn Fn(u8) -> bool| {
        bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|b| special(*b)))
            .map_or(end, |at| from + at)
    };
    let mut i = 0;
    while i < end {
        any = true;
        if in_quotes {
            let at = next(i, &|b| b == b'"');
            field.push_str(text.get(i..at).unwrap_or_default());
            if at == end {
                break;
            }
            if bytes.get(at + 1) == Some(&b'"') {
                field.push('"');
                i = at + 2;
            } else {
                in_quotes = false;
                i = at + 1;
            }
            continue;
        }
        let at = next(i, &|b| b == b'"' || b == b'\r' || b == b'\n' || b == delim);
        field.push_str(text.get(i..at).unwrap_or_default());
        i = at + 1;
        match bytes.get(at) {
            None => break,
            Some(b'"') if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
            }
            Some(b'"') => field.push('"'),
            Some(b'\r') => {}
            Some(b'\n') => {
                row.push(finish(&mut field, &mut quoted));
                if !each(std::mem::take(&mut row)) {
                    return;
                }
                any = false;
            }
            Some(_) => row.push(finish(&mut field, &mut quoted)),
        }
    }
    if any {
        row.push(finish(&mut field, &mut quoted));
        each(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Vec<Cell>> {
        let mut out = Vec::new();
        rows(text, |r| {
            out.push(r);
            true
        });
        out
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn quotes_blank_lines_and_crlf() {
        let got = all("a,\"b,\"\"c\"\"\"\r\n\r\n\"x\ny\",2\n");
        assert_eq!(
            got,
            vec![
                vec![t("a"), t("b,\"c\"")],
                vec![Cell::Empty],
                vec![t("x\ny"), t("2")]
            ]
        );
    }

    /// A quote inside a field is kept, text after a closing quote joins the field, a stray
    /// carriage return is dropped, and an unterminated quote runs to the end of the text.
    #[test]
    fn quotes_inside_fields_and_stray_returns() {
        assert_eq!(
            all("a\"b,\"x\"y,\"\"\"\",\n身份\r证,Ｘ\n\"un,ended\nrow"),
            vec![
                vec![t("a\"b"), t("xy"), t("\""), Cell::Empty],
                vec![t("身份证"), t("Ｘ")],
                vec![t("un,ended\nrow")],
            ]
        );
    }

    #[test]
    fn tabs_are_detected() {
        assert_eq!(all("a\tb\tc,d\n"), vec![vec![t("a"), t("b"), t("c,d")]]);
    }

    #[test]
    fn encodings_are_detected() {
        assert_eq!(decode("\u{FEFF}身份证号".as_bytes()), "身份证号");
        let (gb, _, _) = encoding_rs::GB18030.encode("身份证号,在学状态");
        assert_eq!(decode(&gb), "身份证号,在学状态");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "姓名".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16), "姓名");
    }
}
