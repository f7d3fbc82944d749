"""The summary as tables for CSV and XLSX: de-identified, every small count suppressed."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext

from complaints import labels
from complaints.reports.summary import Summary
from complaints.reports.tables import Table
from complaints.reports.trend import MonthPoint
from complaints.rules.disclosure import suppress, suppress_value


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _named(table: Mapping, key: str) -> str:
    for enum_table in (labels.COMPLAINT_TYPES, labels.STATUS_NAMES, labels.OUTCOMES, labels.LEVELS,
                       labels.REDRESS_KINDS, labels.REDRESS_OUTCOMES):  # fmt: skip
        for member, label in enum_table.items():
            if member.value == key:
                return str(label)
    return key


def _counts(key: str, title: str, counts: Mapping[str, int], heading: str) -> Table:
    """One breakdown, with its total; small cells and any total that would reveal them hidden."""
    published = suppress(dict(sorted(counts.items())), total=sum(counts.values()))
    rows = [(_named(counts, name), value) for name, value in published.cells.items()]
    rows.append((gettext("Total"), published.total))
    return Table(key, title, (heading, gettext("Cases")), tuple(rows))


def summary_tables(summary: Summary, trend: list[MonthPoint]) -> list[Table]:
    figures = [
        (gettext("Cases received"), suppress_value(summary.received)),
        (gettext("Cases triaged"), suppress_value(summary.triaged)),
        (gettext("Cases closed"), suppress_value(summary.closed)),
        (gettext("Open at the end of the month"), suppress_value(summary.open_at_end)),
        (gettext("Triage deadlines missed"), suppress_value(summary.triage_breaches)),
        (gettext("Median days to triage"), _round(summary.days_to_triage.median)),
        (gettext("90th-percentile days to triage"), _round(summary.days_to_triage.p90)),
        (gettext("Median days to resolution"), _round(summary.days_to_resolution.median)),
        (gettext("90th-percentile days to resolution"), _round(summary.days_to_resolution.p90)),
        (gettext("People held past the 48-hour limit"), suppress_value(summary.overstays.count)),
        (gettext("Median hours held past the limit"), _round(summary.overstays.median_hours)),
        (
            gettext("Longest time held past the limit, in hours"),
            _round(summary.overstays.max_hours),
        ),
    ]
    item = gettext("Item")
    tables = [
        Table("summary", gettext("Monthly summary %(month)s", month=summary.window.label),
              (item, gettext("Value")), tuple(figures)),
        _counts("by_type", gettext("By complaint type"), summary.by_type,
                gettext("Complaint type")),
        _counts("by_state", gettext("By state"), summary.by_state, gettext("State")),
        _counts("by_jurisdiction", gettext("By jurisdiction"), summary.by_jurisdiction,
                gettext("Jurisdiction")),
        _counts("by_agency", gettext("By agency"), summary.by_agency, gettext("Agency")),
        _counts("by_language", gettext("By language"), summary.by_language, gettext("Language")),
        _counts("by_channel", gettext("By channel"), summary.by_channel, gettext("Channel")),
        _counts("by_status", gettext("By status"), summary.by_status, gettext("Status")),
        _counts("by_outcome", gettext("By outcome"), summary.by_outcome, gettext("Outcome")),
        _counts("by_level", gettext("By enforcement level"), summary.by_level, gettext("Level")),
        Table("trend", gettext("Twelve months"),
              (gettext("Month"), gettext("Cases received"), gettext("Cases closed")),
              tuple((f"{p.month:%Y-%m}", suppress_value(p.received), suppress_value(p.closed))
                    for p in trend)),
    ]  # fmt: skip
    redress_rows = tuple(
        (_named({}, kind), _named({}, outcome), suppress_value(n))
        for kind, outcomes in sorted(summary.redress.items())
        for outcome, n in sorted(outcomes.items())
    )
    columns = (gettext("Action"), gettext("Outcome"), gettext("Value"))
    tables.append(Table("redress", gettext("Redress actions taken"), columns, redress_rows))
    return tables
