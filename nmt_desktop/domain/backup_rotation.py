"""Which automatic backups to keep: grandfather-father-son over days, ISO weeks and months.

Pure logic on the times the backups were taken (UTC), so that a year of backups can be tested
with a fake clock. The newest backup of each of the newest `daily` days that have a backup is
kept, likewise the newest of each of the newest `weekly` ISO weeks and `monthly` months; the
rest are deleted. A backup may count for several of them (Sunday's last backup of a month is
its day's, its week's and its month's), so at most daily + weekly + monthly files are kept.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass


class Occasion(enum.Enum):
    """Why a backup was taken: on schedule (rotated) or just before a risky step."""

    SCHEDULED = ""
    BEFORE_UPGRADE = "before-upgrade"
    BEFORE_IMPORT = "before-import"
    BEFORE_RESTORE = "before-restore"

    @property
    def label(self) -> str:
        return "automatic" if self is Occasion.SCHEDULED else self.value.replace("-", " ")


@dataclass(frozen=True)
class KeepPolicy:
    """How many backups of each period to keep (clinic_settings.backup_keep_*)."""

    daily: int = 12
    weekly: int = 10
    monthly: int = 9

    def __post_init__(self) -> None:
        if min(self.daily, self.weekly, self.monthly) < 0:
            raise ValueError("backup counts to keep cannot be negative")
        if self.daily + self.weekly + self.monthly == 0:
            # Keeping nothing would delete the backup just written.
            raise ValueError("keep at least one backup")


def _day(moment: dt.datetime) -> Hashable:
    return moment.date()


def _iso_week(moment: dt.datetime) -> Hashable:
    year, week, _weekday = moment.isocalendar()
    return (year, week)


def _month(moment: dt.datetime) -> Hashable:
    return (moment.year, moment.month)


def _newest_per_period(times: list[dt.datetime], period: Callable[[dt.datetime], Hashable],
                       count: int) -> set[dt.datetime]:
    kept: set[dt.datetime] = set()
    seen: set[Hashable] = set()
    for moment in sorted(times, reverse=True):
        if len(seen) >= count:
            break
        bucket = period(moment)
        if bucket not in seen:
            seen.add(bucket)
            kept.add(moment)
    return kept


def backups_to_keep(taken_at: Iterable[dt.datetime], policy: KeepPolicy) -> set[dt.datetime]:
    """The times (of `taken_at`) whose backups the rotation keeps."""
    times = list(taken_at)
    return (_newest_per_period(times, _day, policy.daily)
            | _newest_per_period(times, _iso_week, policy.weekly)
            | _newest_per_period(times, _month, policy.monthly))


#: A backup older than this is a missed one: the window takes one at start, `db check` warns.
STALE_AFTER = dt.timedelta(days=1)


def backup_age(taken_at: dt.datetime | None, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How old the newest backup is (None: there is none)."""
    if taken_at is None:
        return None
    return (now or dt.datetime.now(dt.UTC)) - taken_at
