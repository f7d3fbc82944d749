"""The benchmark's results as a Markdown table: one row per measurement, one column per scale,
each read against its target at full scale; and the submissions' figures after it."""

from __future__ import annotations

from typing import Any

SUBMISSIONS = "public submissions at "
# p95 at the largest scale over p95 at the smallest, for measurements the issue bounds that way.
RATIO_TARGETS = {"queue default": 2.0}
# The streamed export's target: at least so many rows a second, memory growing by at most so much.
EXPORT_ROWS_PER_S, EXPORT_GROWTH_MB = 20_000, 64
EXPORT_TARGET = f"≥ {EXPORT_ROWS_PER_S:,} rows/s, ≤ {EXPORT_GROWTH_MB} MB"


def _result(result: dict[str, Any]) -> str:
    """One measurement in words: p95 (and p50) in ms, or rows per second for the export."""
    if "rows_per_s" in result:
        text = f"{result['rows_per_s']:,} rows/s over {result['rows']:,} rows"
        return f"{text}, +{result['peak_rss_growth_mb']:.1f} MB"
    text = f"p95 {result['p95_ms']:.1f} ms (p50 {result['p50_ms']:.1f})"
    if "queries" in result:
        text += f", {result['queries']} queries"
    if "month_cases" in result:
        text += f", a month of {result['month_cases']:,} cases"
    return text


def _verdict(result: dict[str, Any], target_ms: float | None) -> str:
    if "rows_per_s" in result:
        met = result["rows_per_s"] >= EXPORT_ROWS_PER_S
        met = met and result["peak_rss_growth_mb"] <= EXPORT_GROWTH_MB
    elif target_ms is not None:
        met = result["p95_ms"] <= target_ms
    else:
        return ""
    return " (met)" if met else " **(missed)**"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(report: dict[str, Any]) -> str:
    """The table of `report` (bench/run.py's JSON): scales as columns, the largest judged."""
    scales = sorted((key for key in report if key.isdigit()), key=int)
    largest = scales[-1]
    targets: dict[str, float] = report.get("targets (p95 ms at full scale)", {})
    columns = [f"{int(scale):,} cases" for scale in scales]
    lines = [_row("measurement", "target (p95, largest scale)", *columns)]
    lines.append("|" + "---|" * (2 + len(scales)))
    loads = [f"{report.get(f'load to {scale} cases (s)', '')} s" for scale in scales]
    lines.append(_row("load the synthetic cases", "1M in < 5 min on SQLite", *loads))
    for name in report[largest]:
        target = targets.get(name)
        cells = [_result(report[scale][name]) if name in report[scale] else "" for scale in scales]
        cells[-1] += _verdict(report[largest][name], target)
        wanted = f"≤ {target:,.0f} ms" if target is not None else ""
        if "rows_per_s" in report[largest][name]:
            wanted = EXPORT_TARGET
        if name in RATIO_TARGETS and len(scales) > 1:
            ratio = report[largest][name]["p95_ms"] / report[scales[0]][name]["p95_ms"]
            cells[-1] += f"; {ratio:.2f} × the smallest scale's p95"
            wanted += f", ≤ {RATIO_TARGETS[name]:g} × the smallest scale's"
        lines.append(_row(name, wanted, *cells))
    for key, submissions in report.items():
        if key.startswith(SUBMISSIONS):
            lines += ["", f"{key[:1].upper()}{key[1:]} (target ≥ 250 /s, p95 ≤ 150 ms):", ""]
            lines += [f"- {name}: {value}" for name, value in submissions.items()]
    return "\n".join(lines)
