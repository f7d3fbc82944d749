"""The benchmark's printed table: every measurement at every scale, judged at the largest."""

from __future__ import annotations

from bench.table import markdown


def _timing(p50: float, p95: float) -> dict[str, float]:
    return {"p50_ms": p50, "p95_ms": p95, "requests": 200}


REPORT = {
    "database": "sqlite",
    "targets (p95 ms at full scale)": {"queue default": 50, "case page": 40},
    "load to 1000 cases (s)": 0.4,
    "1000": {
        "queue default": _timing(5.0, 6.0),
        "case page": _timing(20.0, 25.0) | {"queries": 14},
    },
    "load to 5000 cases (s)": 1.9,
    "5000": {
        "queue default": _timing(9.0, 15.0),
        "case page": _timing(30.0, 45.5) | {"queries": 15},
        "identified CSV export": {"rows": 900, "rows_per_s": 30000, "peak_rss_growth_mb": 0.5},
    },
    "public submissions at 5000 cases": {"stored complaints/s": 120.5, "errors": 0},
}


def test_each_measurement_is_a_row_with_a_column_per_scale() -> None:
    lines = markdown(REPORT).splitlines()
    assert lines[0] == "| measurement | target (p95, largest scale) | 1,000 cases | 5,000 cases |"
    assert "| load the synthetic cases | 1M in < 5 min on SQLite | 0.4 s | 1.9 s |" in lines
    [csv] = [line for line in lines if line.startswith("| identified CSV export")]
    # Measured at 5,000 only, and judged: fast enough, little memory.
    assert csv.endswith(
        "| ≥ 20,000 rows/s, ≤ 64 MB |  | 30,000 rows/s over 900 rows, +0.5 MB (met) |"
    )


def test_the_largest_scale_is_judged_against_its_target() -> None:
    lines = markdown(REPORT).splitlines()
    [queue] = [line for line in lines if line.startswith("| queue default")]
    assert "≤ 50 ms, ≤ 2 × the smallest scale's" in queue
    assert queue.endswith("p95 15.0 ms (p50 9.0) (met); 2.50 × the smallest scale's p95 |")
    [case] = [line for line in lines if line.startswith("| case page")]
    assert "p95 25.0 ms (p50 20.0), 14 queries |" in case  # the smaller scale is not judged
    assert case.endswith("p95 45.5 ms (p50 30.0), 15 queries **(missed)** |")


def test_a_slow_or_memory_hungry_export_is_missed() -> None:
    too_slow = {"rows_per_s": 19_999, "peak_rss_growth_mb": 1.0}
    too_big = {"rows_per_s": 90_000, "peak_rss_growth_mb": 65.0}
    for slow in (too_slow, too_big):
        report = {**REPORT, "5000": {"identified CSV export": {"rows": 10, **slow}}}
        [csv] = [line for line in markdown(report).splitlines() if "CSV" in line]
        assert csv.endswith("**(missed)** |")


def test_the_submissions_follow_the_table() -> None:
    text = markdown(REPORT)
    assert "Public submissions at 5000 cases (target ≥ 250 /s, p95 ≤ 150 ms):" in text
    assert "- stored complaints/s: 120.5" in text
