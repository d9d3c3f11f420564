//! The report as pretty JSON: the stable contract documented on
//! [`super`] (keys snake_case, minutes with one decimal, amounts in yuan).

use super::Report;

/// The report as pretty JSON, ending with a newline.
pub fn render(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("a report is always serializable");
    s.push('\n');
    s
}
