"""The rotation keeps exactly the configured days, ISO weeks and months over a simulated year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nmt_desktop.db.backup_files import backup_file_name, backups_in, rotate
from nmt_desktop.domain.backup_rotation import KeepPolicy, Occasion, backups_to_keep


def a_year_of_backup_times(start: dt.datetime) -> list[dt.datetime]:
    """Every 30 minutes of a working day (09:00-17:00 UTC), Monday to Saturday, for a year."""
    times = []
    day = start
    while day < start + dt.timedelta(days=365):
        if day.weekday() != 6:  # the clinic is closed on Sundays: no backup that day
            times += [day.replace(hour=9) + dt.timedelta(minutes=30 * n) for n in range(17)]
        day += dt.timedelta(days=1)
    return times


def expected_set(times: list[dt.datetime], policy: KeepPolicy) -> set[dt.datetime]:
    """Written independently of the module: group, take the last of each, the newest groups."""
    def last_of(groups: dict[object, list[dt.datetime]], count: int) -> set[dt.datetime]:
        newest_first = sorted(groups.values(), key=max, reverse=True)
        return {max(group) for group in newest_first[:count]}

    days: dict[object, list[dt.datetime]] = {}
    weeks: dict[object, list[dt.datetime]] = {}
    months: dict[object, list[dt.datetime]] = {}
    for moment in times:
        days.setdefault(moment.date(), []).append(moment)
        weeks.setdefault(moment.isocalendar()[:2], []).append(moment)
        months.setdefault((moment.year, moment.month), []).append(moment)
    return (last_of(days, policy.daily) | last_of(weeks, policy.weekly)
            | last_of(months, policy.monthly))


@pytest.mark.parametrize("policy", [KeepPolicy(), KeepPolicy(3, 2, 1), KeepPolicy(0, 0, 4)])
def test_a_simulated_year_keeps_exactly_the_configured_set(tmp_path: Path,
                                                           policy: KeepPolicy) -> None:
    # GIVEN a fake clock that takes a backup every 30 minutes of every working day for a year,
    # with the rotation applied after each one, as the app does
    times = a_year_of_backup_times(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    for moment in times:
        (tmp_path / backup_file_name(moment, Occasion.SCHEDULED)).write_bytes(b"")
        rotate(tmp_path, policy)

    # THEN exactly the newest per day, week and month of the configured counts are left
    kept = {b.taken_at for b in backups_in(tmp_path)}
    assert kept == expected_set(times, policy)
    assert len(kept) <= policy.daily + policy.weekly + policy.monthly
    if policy == KeepPolicy():
        working_days = sorted({t.date() for t in times}, reverse=True)
        assert {t.date() for t in kept} >= set(working_days[:12])  # the last 12 working days
        assert len({t.isocalendar()[:2] for t in kept}) >= 10
        assert len({(t.year, t.month) for t in kept}) == 9
        # each kept file is the last backup of its day (17:00 UTC)
        assert {(t.hour, t.minute) for t in kept} == {(17, 0)}


def test_occasion_backups_stay_out_of_the_rotation_and_keep_the_newest_five(
        tmp_path: Path) -> None:
    start = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    for n in range(8):
        moment = start + dt.timedelta(days=n)
        (tmp_path / backup_file_name(moment, Occasion.BEFORE_RESTORE)).write_bytes(b"")
        (tmp_path / backup_file_name(moment, Occasion.SCHEDULED)).write_bytes(b"")
    (tmp_path / "holiday-photos.jpg").write_bytes(b"")

    rotate(tmp_path, KeepPolicy(1, 0, 0))

    left = backups_in(tmp_path)
    restores = [b for b in left if b.occasion is Occasion.BEFORE_RESTORE]
    assert [b.taken_at for b in restores] == [start + dt.timedelta(days=n) for n in (7, 6, 5, 4, 3)]
    assert [b.taken_at for b in left if b.occasion is Occasion.SCHEDULED] == [
        start + dt.timedelta(days=7)]
    assert (tmp_path / "holiday-photos.jpg").exists()  # never anyone else's files


def test_the_newest_of_a_day_wins_over_an_older_one() -> None:
    morning = dt.datetime(2026, 5, 4, 8, tzinfo=dt.UTC)
    evening = morning.replace(hour=18)
    assert backups_to_keep([morning, evening], KeepPolicy(1, 0, 0)) == {evening}


def test_a_policy_that_keeps_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        KeepPolicy(0, 0, 0)
    with pytest.raises(ValueError, match="negative"):
        KeepPolicy(-1, 3, 3)
