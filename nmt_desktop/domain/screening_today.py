"""The "today" check asked at every session start (clinical-spec §4.3), and what it says.

The intake is asked once; these answers are only true for one visit. The check is one short
screen: the same-day and since-last-visit items of §4.1, every §4.2 red flag ("new or
changed?"), and a free-text "anything new in your health?". A session for a patient with no
intake cannot be screened against one, so it carries an explicit "screening not done" reason.
Wording documents and prompts; it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nmt_desktop.domain.screening import CONTRAINDICATIONS_BY_ID, RED_FLAGS, RED_FLAGS_BY_ID
from nmt_desktop.domain.screening_rules import ScreeningAnswer

# Spec §4.3, in its order, with the question as the therapist reads it out.
TODAY_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("fever_acute_infection", "Fever, infection or a contagious illness today?"),
    ("intoxication", "Alcohol or drugs today?"),
    ("medications_masking", "Painkillers, muscle relaxants or sedatives taken today?"),
    ("acute_injury_inflammation", "New injury, swelling or inflammation since last visit?"),
    ("recent_injection", "An injection since last visit?"),
    ("recent_surgery", "Surgery since last visit?"),
    ("pregnancy", "Newly pregnant?"),
)
TODAY_ITEM_IDS: tuple[str, ...] = tuple(item_id for item_id, _ in TODAY_QUESTIONS)
RED_FLAG_IDS: tuple[str, ...] = tuple(flag.id for flag in RED_FLAGS)
MAX_NEW_HEALTH = 2000
MAX_REASON = 500


@dataclass(frozen=True)
class TodayCheck:
    """What was asked at the start of one session and what the patient said.

    Attributes:
        asked_item_ids: Screening ids put to the patient today.
        present_item_ids: Those answered yes (a subset of the asked ones).
        new_health: Free-text answer to "anything new in your health since last time?".
        not_done_reason: Why no screening against an intake was possible (no intake on
            record); empty when the intake was there.
    """

    asked_item_ids: tuple[str, ...]
    present_item_ids: tuple[str, ...] = ()
    new_health: str = ""
    not_done_reason: str = ""

    def answers(self) -> tuple[ScreeningAnswer, ...]:
        """Today's yes answers, to be evaluated together with the intake's."""
        return tuple(ScreeningAnswer(item_id, True, note="today")
                     for item_id in self.present_item_ids)

    @property
    def red_flags_asked(self) -> int:
        return sum(item_id in RED_FLAGS_BY_ID for item_id in self.asked_item_ids)


def full_today_check(present_item_ids: Iterable[str] = (), new_health: str = "",
                     not_done_reason: str = "") -> TodayCheck:
    """The check as the start screen asks it: every §4.3 item and every red flag."""
    present = tuple(dict.fromkeys(present_item_ids))
    return TodayCheck(TODAY_ITEM_IDS + RED_FLAG_IDS, present, new_health.strip(),
                      not_done_reason.strip())


def check_problems(check: TodayCheck, has_intake: bool) -> dict[str, str]:
    """Field → message for everything wrong with a check (empty when it can be stored)."""
    problems: dict[str, str] = {}
    known = set(TODAY_ITEM_IDS) | set(RED_FLAG_IDS)
    unknown = [i for i in (*check.asked_item_ids, *check.present_item_ids) if i not in known]
    if unknown:
        problems["asked_item_ids"] = f"Not a today-check item: {unknown[0]!r}."
    elif not set(check.present_item_ids) <= set(check.asked_item_ids):
        problems["present_item_ids"] = "An answer was recorded for a question not asked."
    if len(check.new_health) > MAX_NEW_HEALTH:
        problems["new_health"] = f"Keep this under {MAX_NEW_HEALTH} characters."
    if len(check.not_done_reason) > MAX_REASON:
        problems["not_done_reason"] = f"Keep the reason under {MAX_REASON} characters."
    if not has_intake and not check.not_done_reason.strip():
        problems["not_done_reason"] = ("No intake on record: say why screening was not done "
                                       "(e.g. first visit, intake to follow today).")
    return problems


def item_label(item_id: str) -> str:
    if item_id in CONTRAINDICATIONS_BY_ID:
        return CONTRAINDICATIONS_BY_ID[item_id].label
    return RED_FLAGS_BY_ID[item_id].finding if item_id in RED_FLAGS_BY_ID else item_id


def today_check_lines(check: TodayCheck | None) -> tuple[str, ...]:
    """The check as the session notes and reports print it (plain sentences)."""
    if check is None:
        return ("Today's check: not recorded for this visit.",)
    lines: list[str] = []
    if check.not_done_reason:
        lines.append(f"Screening not done (no intake on record): {check.not_done_reason}")
    today_items = [i for i in check.present_item_ids if i not in RED_FLAGS_BY_ID]
    flags = [i for i in check.present_item_ids if i in RED_FLAGS_BY_ID]
    asked_today = sum(i not in RED_FLAGS_BY_ID for i in check.asked_item_ids)
    if today_items:
        lines.append("Today: " + "; ".join(item_label(i) for i in today_items) + ".")
    elif asked_today:
        lines.append(f"Today: no change reported ({asked_today} items asked).")
    lines.append(red_flag_statement(check.red_flags_asked, flags))
    if check.new_health:
        lines.append(f"New in health since last time: {check.new_health}")
    return tuple(lines)


def red_flag_statement(asked: int, present_ids: Iterable[str]) -> str:
    """"Red flags: none reported (22 of 22 asked)" — never "none found" when not all asked."""
    total = len(RED_FLAGS)
    present = [i for i in dict.fromkeys(present_ids) if i in RED_FLAGS_BY_ID]
    if asked == 0:
        return f"Red flags: not asked (0 of {total})."
    if not present:
        return f"Red flags: none reported ({asked} of {total} asked)."
    names = "; ".join(RED_FLAGS_BY_ID[i].finding.split(",")[0] for i in present)
    return f"Red flags reported ({asked} of {total} asked): {names}."
