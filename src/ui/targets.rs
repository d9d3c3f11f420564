//! The review's targets section (目标): the month's targets against what
//! was done, with the pace; at a small height only the branch's totals and
//! who is behind.

use ratatui::text::{Line, Span};

use super::theme;
use crate::app::App;
use crate::domain::target::{Measure, Pace};
use crate::i18n::{self, Msg};
use crate::report::targets::{measure_label, pace_label, scope_label, TargetFigures, TargetReport};

/// A cell padded to a display width (Chinese takes two cells).
fn pad(text: &str, w: usize) -> String {
    let t = i18n::truncate(text, w);
    format!("{t}{} ", " ".repeat(w.saturating_sub(i18n::width(&t))))
}

fn pace_span(app: &App, p: Pace) -> Span<'static> {
    let style = match p {
        Pace::Ahead => theme::ok(),
        Pace::OnTrack => theme::title(),
        Pace::Behind => theme::alert(),
    };
    Span::styled(app.t(pace_label(p)).to_string(), style)
}

/// An amount short enough for the screen: `¥3,907万` / `¥39.07m`.
fn short_amount(lang: crate::i18n::Lang, cents: i64) -> String {
    let yuan = cents as f64 / 100.0;
    match lang {
        crate::i18n::Lang::Zh if yuan >= 10_000.0 => format!("¥{:.1}万", yuan / 10_000.0),
        crate::i18n::Lang::En if yuan >= 1_000_000.0 => format!("¥{:.2}m", yuan / 1_000_000.0),
        crate::i18n::Lang::En if yuan >= 1_000.0 => format!("¥{:.1}k", yuan / 1_000.0),
        _ => format!("¥{yuan:.0}"),
    }
}

/// "12/30" and "40.0%": done over target, and the percent.
fn figures(app: &App, measure: Measure, done: i64, target: i64, percent: f64) -> String {
    let v = |n: i64| match measure {
        Measure::Amount => short_amount(app.lang, n),
        _ => n.to_string(),
    };
    format!(
        "{}{}",
        pad(&format!("{}/{}", v(done), v(target)), 20),
        pad(&format!("{percent:.1}%"), 8)
    )
}

/// The section's lines; none when the month has no targets. `compact`: the
/// branch's totals and who is behind, for a small screen.
pub fn lines(app: &App, r: &TargetReport, compact: bool) -> Vec<Line<'static>> {
    if r.targets.is_empty() {
        return Vec::new();
    }
    let lang = app.lang;
    let t = |m: Msg| app.t(m).to_string();
    let mut out = vec![Line::from(Span::styled(
        Msg::TgReview.fill(
            lang,
            &[
                ("p", &r.period),
                ("e", &format!("{:.0}", r.elapsed_percent)),
            ],
        ),
        theme::header(),
    ))];
    if !compact {
        for x in &r.targets {
            let who = crate::report::targets::whom_text(x, lang);
            out.push(Line::from(vec![
                Span::raw(format!(
                    " {}{}{}{}",
                    pad(&who, 16),
                    pad(&t(measure_label(x.measure)), 9),
                    pad(&scope_label(&x.scope, &app.catalog, lang), 9),
                    figures(app, x.measure, x.done, x.target, x.percent),
                )),
                pace_span(app, x.pace),
            ]));
        }
    }
    for b in &r.branch {
        let kind = match b.kind {
            "person" => Msg::TgAllPeople,
            _ => Msg::TgAllLines,
        };
        out.push(Line::from(vec![
            Span::styled(
                format!(
                    " {}{}{}{}",
                    pad(&t(kind), 16),
                    pad(&t(measure_label(b.measure)), 9),
                    pad("", 9),
                    figures(app, b.measure, b.done, b.target, b.percent),
                ),
                theme::dim(),
            ),
            pace_span(app, b.pace),
        ]));
    }
    if compact {
        let behind: Vec<String> = r
            .targets
            .iter()
            .filter(|x| x.pace == Pace::Behind)
            .map(|x| format!("{} {}", x.name.get(lang), t(measure_label(x.measure))))
            .collect();
        let text = if behind.is_empty() {
            t(Msg::TgNoneBehind)
        } else {
            let sep = if lang == crate::i18n::Lang::Zh {
                "、"
            } else {
                ", "
            };
            Msg::TgBehindList.fill(lang, &[("w", &behind.join(sep))])
        };
        out.push(Line::from(Span::raw(format!(" {text}"))));
    }
    out.push(Line::default());
    out
}

/// One person's own targets (the Mine tab): measure, scope, done/target,
/// percent and pace, as the section above has them.
pub fn own_lines(app: &App, targets: &[TargetFigures]) -> Vec<Line<'static>> {
    let t = |m: Msg| app.t(m).to_string();
    targets
        .iter()
        .map(|x| {
            Line::from(vec![
                Span::raw(format!(
                    "{}{}{}",
                    pad(&t(measure_label(x.measure)), 9),
                    pad(&scope_label(&x.scope, &app.catalog, app.lang), 9),
                    figures(app, x.measure, x.done, x.target, x.percent),
                )),
                pace_span(app, x.pace),
            ])
        })
        .collect()
}
