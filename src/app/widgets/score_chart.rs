//! A bar chart of scores that a person reads at a glance: one bar per domain or function,
//! coloured by how it compares with the tier's thresholds, with the thresholds drawn across.
//!
//! Drawn in SVG with attributes only: the page's CSP forbids inline styles.

use leptos::prelude::*;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// What the bar is for ("Identity and access", "Protect").
    pub label: String,
    /// The score in tenths of a percent (725 = 72.5 %), or `None` when nothing was scored.
    pub tenths: Option<u32>,
    /// The text shown after the bar ("72.5 % · 12 of 14 answered").
    pub detail: String,
}

const ROW: u32 = 26;
const LABEL_WIDTH: u32 = 300;
const BAR_WIDTH: u32 = 380;
const DETAIL_WIDTH: u32 = 200;
/// Labels longer than this are cut with an ellipsis; the full text stays in a tooltip.
const LABEL_CHARS: usize = 38;

/// Horizontal bars from 0 to 100 %, with vertical lines at the two thresholds.
#[component]
pub fn ScoreChart(
    /// Accessible name of the chart.
    title: String,
    /// The bars, top to bottom.
    bars: Vec<Bar>,
    /// The tier's "accepted" minimum, in tenths of a percent.
    accept_tenths: u32,
    /// The tier's "accepted with corrective actions" minimum, in tenths of a percent.
    conditional_tenths: u32,
) -> impl IntoView {
    let height = ROW * bars.len() as u32 + 24;
    let width = LABEL_WIDTH + BAR_WIDTH + DETAIL_WIDTH;
    let x_of = move |tenths: u32| LABEL_WIDTH + BAR_WIDTH * tenths.min(1000) / 1000;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(index, bar)| {
            let y = ROW * index as u32;
            let class = match bar.tenths {
                None => "bar none",
                Some(t) if t >= accept_tenths => "bar good",
                Some(t) if t >= conditional_tenths => "bar fair",
                Some(_) => "bar poor",
            };
            let filled = bar.tenths.map(|t| BAR_WIDTH * t.min(1000) / 1000).unwrap_or(0);
            let short = if bar.label.chars().count() > LABEL_CHARS {
                format!("{}…", bar.label.chars().take(LABEL_CHARS - 1).collect::<String>())
            } else {
                bar.label.clone()
            };
            view! {
                <g class="chart-row">
                    <title>{format!("{}: {}", bar.label, bar.detail)}</title>
                    <text x=LABEL_WIDTH - 8 y=y + 17 class="chart-label">{short}</text>
                    <rect x=LABEL_WIDTH y=y + 4 width=BAR_WIDTH height=ROW - 8 class="bar track"/>
                    <rect x=LABEL_WIDTH y=y + 4 width=filled height=ROW - 8 class=class/>
                    <text x=LABEL_WIDTH + BAR_WIDTH + 8 y=y + 17 class="chart-detail">{bar.detail}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="score-chart"
            role="img"
            aria-label=title
            viewBox=format!("0 0 {width} {height}")
            preserveAspectRatio="xMinYMin meet"
        >
            {rows}
            <line
                x1=x_of(conditional_tenths) x2=x_of(conditional_tenths) y1="0" y2=height - 20
                class="threshold conditional"
            />
            <line
                x1=x_of(accept_tenths) x2=x_of(accept_tenths) y1="0" y2=height - 20
                class="threshold accept"
            />
            <text x=x_of(conditional_tenths) y=height - 6 class="threshold-label">
                {format!("{}", conditional_tenths / 10)}
            </text>
            <text x=x_of(accept_tenths) y=height - 6 class="threshold-label">
                {format!("{}", accept_tenths / 10)}
            </text>
        </svg>
    }
}
