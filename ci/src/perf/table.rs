//! The figures of `cargo ci perf` as a Markdown table: medians, units, ratios.

/// One row of the table: a figure for each project, medians of the rounds. `None` where a
/// project has no counterpart, or where its figure would be another's (the same Cargo.toml
/// builds the same wheel).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub metric: String,
    /// The default project with pipenv.
    pub pipenv: Option<f64>,
    /// The same project with `tool = "uv"`.
    pub uv: Option<f64>,
    /// The `maturin new -b pyo3` project.
    pub anchor: Option<f64>,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    Seconds,
    Bytes,
}

/// The median of some figures: the middle one, or the mean of the middle two.
pub fn median(values: &[f64]) -> f64 {
    assert!(!values.is_empty(), "the median of nothing");
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// A duration in the unit that suits it: `14.5 s`, `0.69 s`, `4.59 ms`, `812 µs`, `50 ns`.
pub fn format_seconds(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.1} s")
    } else if s >= 0.1 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.0} µs", s * 1e6)
    } else {
        format!("{:.0} ns", s * 1e9)
    }
}

/// A size in bytes with thousands separators: `193,772 B`.
pub fn format_bytes(bytes: f64) -> String {
    let digits = format!("{:.0}", bytes);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} B")
}

/// A project's figure over maturin new's: `1.21x`; below 1 it is faster or smaller.
pub fn format_ratio(ours: f64, anchor: f64) -> String {
    if anchor > 0.0 {
        format!("{:.2}x", ours / anchor)
    } else {
        "—".to_string()
    }
}

/// The table, in Markdown: each project's figure, then pipenv's and uv's over maturin new's.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| metric | pyo3-starter, pipenv | pyo3-starter, uv | maturin new | pipenv / maturin new | uv / maturin new |\n|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let show = |v: Option<f64>| match (v, row.unit) {
            (None, _) => "—".to_string(),
            (Some(v), Unit::Seconds) => format_seconds(v),
            (Some(v), Unit::Bytes) => format_bytes(v),
        };
        let ratio = |ours: Option<f64>| match (ours, row.anchor) {
            (Some(ours), Some(anchor)) => format_ratio(ours, anchor),
            _ => "—".to_string(),
        };
        out += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            row.metric,
            show(row.pipenv),
            show(row.uv),
            show(row.anchor),
            ratio(row.pipenv),
            ratio(row.uv),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0]), 3.0);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn figures() {
        assert_eq!(format_seconds(14.54), "14.5 s");
        assert_eq!(format_seconds(0.691), "0.69 s");
        assert_eq!(format_seconds(0.004_591), "4.59 ms");
        assert_eq!(format_seconds(0.000_812_4), "812 µs");
        assert_eq!(format_seconds(50.2e-9), "50 ns");
        assert_eq!(format_bytes(193_772.0), "193,772 B");
        assert_eq!(format_bytes(999.0), "999 B");
        assert_eq!(format_bytes(1_000.0), "1,000 B");
        assert_eq!(format_ratio(3.78, 0.69), "5.48x");
        assert_eq!(format_ratio(1.0, 0.0), "—");
    }

    #[test]
    fn table_rows() {
        let rows = [Row {
            metric: "wheel".into(),
            pipenv: Some(193_772.0),
            uv: None,
            anchor: Some(229_273.0),
            unit: Unit::Bytes,
        }];
        assert!(table(&rows).ends_with("| wheel | 193,772 B | — | 229,273 B | 0.85x | — |\n"));
        let rows = [Row {
            metric: "start-up".into(),
            pipenv: Some(0.8),
            uv: Some(0.02),
            anchor: None,
            unit: Unit::Seconds,
        }];
        assert!(table(&rows).ends_with("| start-up | 0.80 s | 20.00 ms | — | — | — |\n"));
        let rows = [Row {
            metric: "install".into(),
            pipenv: Some(12.0),
            uv: Some(1.5),
            anchor: Some(6.0),
            unit: Unit::Seconds,
        }];
        assert!(table(&rows).ends_with("| install | 12.0 s | 1.5 s | 6.0 s | 2.00x | 0.25x |\n"));
    }
}
