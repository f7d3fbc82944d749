"""Percentiles for the benchmark's tables."""

from __future__ import annotations

import statistics


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(milliseconds: list[float]) -> dict[str, float]:
    if not milliseconds:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "requests": 0}
    return {
        "p50_ms": round(statistics.median(milliseconds), 2),
        "p95_ms": round(percentile(milliseconds, 95), 2),
        "requests": len(milliseconds),
    }
