//! CSV of what a report shows: RFC 4180 quoting, and cells a spreadsheet would run as a formula
//! neutralised with a leading `'` (OWASP's CSV injection advice).

/// One cell: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front; quoted
/// when it holds a comma, quote, or line break (quotes doubled).
pub fn field(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{raw}") } else { raw.to_string() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The whole file: one line per row, CRLF line ends, as spreadsheets expect.
pub fn document(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_are_left_alone() {
        assert_eq!(field("Brand A"), "Brand A");
        assert_eq!(field(""), "");
        assert_eq!(field("12.5 MB"), "12.5 MB");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(field("1,234"), "\"1,234\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("a\r\nb"), "\"a\r\nb\"");
    }

    #[test]
    fn formula_prefixes_are_neutralised() {
        assert_eq!(field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-2"), "'-2");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tcmd"), "'\tcmd");
        assert_eq!(field("=1,2"), "\"'=1,2\"");
        assert_eq!(field("a=b"), "a=b", "only a leading sign counts");
    }

    #[test]
    fn a_document_has_one_crlf_line_per_row() {
        let rows = vec![vec!["Name".to_string(), "Records".to_string()], vec!["Brand, A".to_string(), "1,200".to_string()]];
        assert_eq!(document(&rows), "Name,Records\r\n\"Brand, A\",\"1,200\"\r\n");
        assert_eq!(document(&[]), "");
    }
}
