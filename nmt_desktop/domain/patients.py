"""Patient details: validation rules and the search keys derived from names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from nmt_desktop.domain.errors import ValidationError

MAX_NAME_LENGTH = 100
MAX_CHART_NUMBER_LENGTH = 20
OLDEST_BIRTH_YEAR = 1900
_NAME_PUNCTUATION = set(" '’‘-‐.")
_CHART_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/.]*$")


@dataclass(frozen=True)
class PatientInput:
    """What a form or the CLI supplies for a new or edited patient."""

    given_name: str
    family_name: str
    date_of_birth: str | dt.date
    chart_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    referring_physician: str = ""
    referral_reason: str = ""


@dataclass(frozen=True)
class CleanPatient:
    given_name: str
    family_name: str
    date_of_birth: dt.date
    chart_number: str
    phone: str
    email: str
    address: str
    referring_physician: str
    referral_reason: str


def _name_problem(label: str, value: str) -> str | None:
    if not value:
        return f"{label} is required."
    if len(value) > MAX_NAME_LENGTH:
        return f"{label} is too long ({len(value)} characters; at most {MAX_NAME_LENGTH})."
    for char in value:
        category = unicodedata.category(char)
        # Letters of any script and their combining marks (Zoë, Łukasiewicz, 山田, Nguyễn),
        # plus the punctuation real names use (O'Brien, Smith-Jones, St. John).
        if category[0] in {"L", "M"} or char in _NAME_PUNCTUATION:
            continue
        shown = char if char.isprintable() and category[0] != "S" else f"U+{ord(char):04X}"
        return (
            f"{label} may contain letters, spaces, hyphens, apostrophes and full stops only "
            f"(found {shown!r})."
        )
    return None


def parse_date_of_birth(value: str | dt.date, today: dt.date) -> dt.date:
    """Parse an ISO date of birth; raise ValidationError with a plain message."""
    if isinstance(value, dt.date):
        parsed = value
    else:
        text = value.strip()
        if not text:
            raise ValidationError({"date_of_birth": "Date of birth is required."})
        try:
            parsed = dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                {"date_of_birth": f"Date of birth {text!r} is not a real date (use YYYY-MM-DD)."}
            ) from None
    if parsed > today:
        raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
    if parsed.year < OLDEST_BIRTH_YEAR:
        raise ValidationError(
            {"date_of_birth": f"Date of birth before {OLDEST_BIRTH_YEAR} is not plausible."}
        )
    return parsed


def validate_patient(data: PatientInput, today: dt.date) -> CleanPatient:
    """Check every field at once so a form can show all problems together."""
    problems: dict[str, str] = {}
    given = unicodedata.normalize("NFC", data.given_name.strip())
    family = unicodedata.normalize("NFC", data.family_name.strip())
    for field, label, value in (
        ("given_name", "Given name", given),
        ("family_name", "Family name", family),
    ):
        problem = _name_problem(label, value)
        if problem:
            problems[field] = problem
    date_of_birth: dt.date | None = None
    try:
        date_of_birth = parse_date_of_birth(data.date_of_birth, today)
    except ValidationError as error:
        problems.update(error.field_errors)
    chart_number = data.chart_number.strip()
    if chart_number and (
        len(chart_number) > MAX_CHART_NUMBER_LENGTH or not _CHART_NUMBER.match(chart_number)
    ):
        problems["chart_number"] = (
            f"Chart number must be 1–{MAX_CHART_NUMBER_LENGTH} letters or digits "
            "(hyphen, slash and full stop allowed inside)."
        )
    for field, limit in (("phone", 40), ("email", 120), ("referring_physician", 200)):
        if len(getattr(data, field).strip()) > limit:
            problems[field] = f"{field.replace('_', ' ').capitalize()} is longer than {limit}."
    if problems or date_of_birth is None:
        raise ValidationError(problems)
    return CleanPatient(
        given_name=given,
        family_name=family,
        date_of_birth=date_of_birth,
        chart_number=chart_number,
        phone=data.phone.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        referring_physician=data.referring_physician.strip(),
        referral_reason=data.referral_reason.strip(),
    )


def search_key(text: str) -> str:
    """Fold case and accents so that typing 'zoe' finds 'Zoë' and 'lukas' finds 'Łukasiewicz'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_FOLD_EXTRA).strip()


# Letters NFKD does not decompose into a base letter plus an accent.
_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                             "þ": "th", "’": "'", "‘": "'"})

