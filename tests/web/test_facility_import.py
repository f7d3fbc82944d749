"""`flask facilities import`: the ICE facility list loaded into the directory, idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.facilities import read_facilities
from complaints.facility_import import FacilityListError, import_facilities
from complaints.models import Case, Facility
from tests.web.directory import (
    EL_PASO_JAIL,
    FACILITY_COUNT,
    HOUSTON_CENTER,
    facility,
    facility_csv,
    load_directory,
)


def count(session: so.Session, model: type) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def test_import_loads_every_facility_with_its_zone(db: so.Session) -> None:
    counts = load_directory(db)
    assert (counts.read, counts.added, counts.updated, counts.unchanged) == (1532, 1532, 0, 0)
    assert (counts.without_coordinates, counts.without_time_zone) == (10, 8)
    assert count(db, Facility) == FACILITY_COUNT
    jail = facility(db, EL_PASO_JAIL)
    assert (jail.name, jail.city, jail.county, jail.state) == (
        "EL PASO COUNTY JAIL (TEXAS)", "EL PASO", "EL PASO", "TX"
    )  # fmt: skip
    assert jail.time_zone == "America/Denver"
    assert facility(db, HOUSTON_CENTER).time_zone == "America/Chicago"
    assert facility(db, "ELPHOLD").time_zone == "America/Denver"  # El Paso hold room
    # The Florida panhandle keeps Central time; the rest of the state Eastern.
    assert facility(db, "BAYCOFL").time_zone == "America/Chicago"  # Panama City


def test_facilities_without_coordinates_take_their_states_zone(db: so.Session) -> None:
    load_directory(db)
    unlocated = db.execute(
        sa.select(Facility).where(Facility.latitude.is_(None)).order_by(Facility.code)
    ).scalars().all()  # fmt: skip
    assert len(unlocated) == 10
    zones = {row.code: row.time_zone for row in unlocated}
    assert zones["WTREGVA"] == "America/New_York"  # Suffolk, VA
    assert zones["UPSTANY"] == "America/New_York"  # Syracuse, NY
    # Transport contracts with no address at all: no zone rather than a guess.
    assert {code for code, zone in zones.items() if zone is None} == {
        "MTGHOLD", "MVMELP", "MVMPHO", "MVMSND", "MVMSNP", "MVNSNA", "TONDHLG", "UACTHLG"
    }  # fmt: skip


def test_a_second_import_changes_nothing(db: so.Session, statement_log) -> None:
    load_directory(db)
    ids = dict(db.execute(sa.select(Facility.code, Facility.id)).all())
    with statement_log() as log:
        counts = load_directory(db)
    assert (counts.read, counts.added, counts.updated, counts.unchanged) == (1532, 0, 0, 1532)
    assert count(db, Facility) == FACILITY_COUNT
    assert dict(db.execute(sa.select(Facility.code, Facility.id)).all()) == ids
    writes = [
        text for text in log.statements if text.lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []


def test_a_changed_facility_is_updated_in_place(db: so.Session) -> None:
    load_directory(db)
    jail = facility(db, EL_PASO_JAIL)
    jail_id = jail.id
    jail.name, jail.latitude, jail.time_zone = "OLD NAME", None, "America/Chicago"
    db.commit()
    counts = load_directory(db)
    assert (counts.added, counts.updated, counts.unchanged) == (0, 1, 1531)
    jail = facility(db, EL_PASO_JAIL)
    assert (jail.id, jail.name, jail.time_zone) == (
        jail_id, "EL PASO COUNTY JAIL (TEXAS)", "America/Denver"
    )  # fmt: skip
    assert jail.latitude == pytest.approx(31.7950511)


def test_a_list_with_a_repeated_code_is_refused_whole(db: so.Session) -> None:
    records = list(read_facilities(facility_csv()))
    with pytest.raises(FacilityListError):
        import_facilities(db, [*records[:5], records[0]])
    db.rollback()
    assert count(db, Facility) == 0


def test_the_command_prints_counts_and_can_run_again(cli, db: so.Session) -> None:
    path = str(facility_csv())
    first = cli.invoke(args=["facilities", "import", path])
    assert first.exit_code == 0, first.output
    assert f"Read 1532 facilities from {path}" in first.output
    assert "1532 added, 0 updated, 0 unchanged." in first.output
    assert "10 have no coordinates (time zone from state and county); " in first.output
    assert "8 have no time zone at all." in first.output
    again = cli.invoke(args=["facilities", "import", path])
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated, 1532 unchanged." in again.output
    assert count(db, Facility) == FACILITY_COUNT


def test_the_command_finds_the_shared_list_without_a_path(cli, db: so.Session) -> None:
    facility_csv()
    result = cli.invoke(args=["facilities", "import"])
    assert result.exit_code == 0, result.output
    assert count(db, Facility) == FACILITY_COUNT


def test_the_command_refuses_a_missing_or_broken_file(cli, db: so.Session, tmp_path: Path) -> None:
    missing = cli.invoke(args=["facilities", "import", str(tmp_path / "none.csv")])
    assert missing.exit_code == 1
    assert f"No facility list at {tmp_path / 'none.csv'}." in missing.output
    broken = tmp_path / "broken.csv"
    broken.write_text("name,city\nA JAIL,TOWN\n", encoding="utf-8")
    result = cli.invoke(args=["facilities", "import", str(broken)])
    assert result.exit_code == 1
    assert "cannot be imported" in result.output
    assert count(db, Facility) == 0


def test_demo_cases_point_at_real_facilities(cli, db: so.Session) -> None:
    facility_csv()
    result = cli.invoke(args=["demo", "seed", "--cases", "200", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert count(db, Facility) == FACILITY_COUNT
    rows = db.execute(
        sa.select(Case.facility_name, Case.state, Case.county, Case.time_zone, Facility)
        .join(Facility, Facility.id == Case.facility_id)
    ).all()  # fmt: skip
    assert len(rows) == count(db, Case) == 200
    for name, state, county, zone, place in rows:
        assert (name, state, county, zone) == (place.name, place.state, place.county,
                                               place.time_zone)  # fmt: skip
        assert place.type == "IGSA"
    # Seeding again imports nothing new and links to the same directory.
    cli.invoke(args=["demo", "seed", "--cases", "10", "--seed", "5"])
    assert count(db, Facility) == FACILITY_COUNT
