//! CSV for spreadsheets: every field quoted, and a leading `=`, `+`, `-` or `@` neutralised so
//! that a spreadsheet never runs a cell as a formula (CSV injection).

pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(super::field("a \"b\""), "\"a \"\"b\"\"\"");
        assert_eq!(super::field("=SUM(A1)"), "\"'=SUM(A1)\"");
    }
}
