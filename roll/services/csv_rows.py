"""The roll's CSV format: its columns and how one line becomes a doctor's values.

The council's staff export the roll from spreadsheets, so values are read leniently where
intent is plain (a leading zero lost by a spreadsheet, "Madame" for "MME", a French status
label) and refused, with a reason they can act on, everywhere else. docs/roll-import.md
documents the same rules for them.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from roll.data.geography import DEPARTMENT_CODES
from roll.models import Civility, Doctor, DoctorStatus
from roll.rpps import normalize_rpps, validate_rpps


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("rpps", "rpps", required=True),
    Column("civilite", "civility", required=True),
    Column("nom", "last_name", required=True),
    Column("prenom", "first_name", required=True),
    Column("specialite", "specialty", required=True),
    Column("departement", "department", required=True),
    Column("date_inscription", "registered_on", required=True),
    Column("statut", "status", required=True),
    Column("adresse", "street", required=False),
    Column("code_postal", "postcode", required=False),
    Column("commune", "city", required=False),
    Column("email", "email", required=False),
)
COLUMNS_BY_HEADER: dict[str, Column] = {column.header: column for column in COLUMNS}
REQUIRED_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if c.required)

# Other spellings staff are likely to type in the header line.
HEADER_ALIASES = {
    "numero_rpps": "rpps",
    "n_rpps": "rpps",
    "date_d_inscription": "date_inscription",
    "situation": "statut",
    "cp": "code_postal",
    "ville": "commune",
    "courriel": "email",
    "mail": "email",
    "adresse_electronique": "email",
}


def fold(value: str) -> str:
    """Lowercase ASCII with accents removed, for comparing what people type."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


def header_key(raw: str) -> str:
    """`Date d'inscription` → `date_inscription`: the column a header names, if any."""
    key = re.sub(r"[^a-z0-9]+", "_", fold(raw)).strip("_")
    return HEADER_ALIASES.get(key, key)


def _status_key(value: str) -> str:
    return re.sub(r"[^a-z]+", " ", fold(value)).strip()


# Values are plain strings, not enum members, so that COPY writes them as text.
STATUS_BY_KEY: dict[str, str] = {
    **{_status_key(value): value for value in DoctorStatus.values},
    **{_status_key(str(label)): value for value, label in DoctorStatus.choices},
    "actif": DoctorStatus.ACTIVE.value,
    "active": DoctorStatus.ACTIVE.value,
    "retraite actif": DoctorStatus.RETIRED_ACTIVE.value,
    "retraite": DoctorStatus.RETIRED.value,
    "suspendu": DoctorStatus.SUSPENDED.value,
    "suspendue": DoctorStatus.SUSPENDED.value,
    "radie": DoctorStatus.STRUCK_OFF.value,
    "radiee": DoctorStatus.STRUCK_OFF.value,
}

CIVILITY_BY_KEY: dict[str, str] = {
    "m": Civility.MR.value,
    "mr": Civility.MR.value,
    "monsieur": Civility.MR.value,
    "mme": Civility.MRS.value,
    "madame": Civility.MRS.value,
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

# Field → (French label, whether the label is feminine), for agreeing the messages.
_LABELS = {
    "last_name": ("nom", False),
    "first_name": ("prénom", False),
    "specialty": ("spécialité", True),
    "street": ("adresse", True),
    "city": ("commune", True),
}


_MAX_LENGTHS = {field.name: field.max_length for field in Doctor._meta.concrete_fields}


def _max_length(field: str) -> int:
    length = _MAX_LENGTHS[field]
    assert length is not None
    return length


class RowErrors(Exception):
    """A line that cannot be imported, with every reason found in it."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = tuple(reasons)


def _text(value: str) -> str:
    return " ".join(value.split())


def _rpps(value: str, reasons: list[str]) -> str:
    rpps = normalize_rpps(value.strip())
    if not rpps:
        reasons.append("numéro RPPS manquant")
        return ""
    try:
        validate_rpps(rpps)
    except ValidationError as exc:
        if exc.code == "rpps_checksum":
            reasons.append(
                f"numéro RPPS « {value.strip()} » invalide : la clé de contrôle (dernier chiffre)"
                " ne correspond pas, vérifiez les chiffres"
            )
        else:
            reasons.append(
                f"numéro RPPS « {value.strip()} » invalide : il doit comporter exactement "
                "11 chiffres"
            )
    return rpps


def _civility(value: str, reasons: list[str]) -> str:
    if not value.strip():
        reasons.append("civilité manquante : indiquez M ou MME")
        return ""
    civility = CIVILITY_BY_KEY.get(fold(value).rstrip("."))
    if civility is None:
        reasons.append(f"civilité « {value.strip()} » inconnue : indiquez M ou MME")
        return ""
    return civility


def _text_field(field: str, value: str, reasons: list[str], *, required: bool) -> str:
    text = _text(value)
    label, feminine = _LABELS[field]
    if required and not text:
        reasons.append(f"{label} {'manquante' if feminine else 'manquant'}")
    elif len(text) > _max_length(field):
        too_long = "trop longue" if feminine else "trop long"
        reasons.append(f"{label} {too_long} ({_max_length(field)} caractères au plus)")
    return text


def _department(value: str, reasons: list[str]) -> str:
    code = value.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = f"0{code}"  # spreadsheets drop the leading zero of 01–09
    if not code:
        reasons.append("département manquant")
    elif code not in DEPARTMENT_CODES:
        reasons.append(
            f"département « {value.strip()} » inconnu : indiquez un code de 01 à 95, "
            "2A, 2B ou de 971 à 976"
        )
    return code


def _registered_on(value: str, today: date, reasons: list[str]) -> date | None:
    text = value.strip()
    if not text:
        reasons.append("date d’inscription manquante")
        return None
    parsed: date | None = None
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
    elif match := _FRENCH_DATE.match(text):
        day, month, year = match.groups()
    else:
        year = month = day = ""
    if year:
        try:
            parsed = date(int(year), int(month), int(day))
        except ValueError:
            parsed = None
    if parsed is None:
        reasons.append(
            f"date d’inscription « {text} » invalide : indiquez-la au format AAAA-MM-JJ "
            "ou JJ/MM/AAAA"
        )
    elif parsed > today:
        reasons.append(f"date d’inscription « {text} » postérieure à aujourd’hui")
        parsed = None
    return parsed


def _status(value: str, reasons: list[str]) -> str:
    if not value.strip():
        reasons.append("statut manquant")
        return ""
    status = STATUS_BY_KEY.get(_status_key(value))
    if status is None:
        reasons.append(
            f"statut « {value.strip()} » inconnu : indiquez active, retired_active, retired, "
            "suspended ou struck_off (ou leur libellé : « En activité », « Radié »…)"
        )
        return ""
    return status


def _postcode(value: str, reasons: list[str]) -> str:
    code = value.strip().replace(" ", "")
    if code.isdigit() and len(code) == 4:
        code = f"0{code}"  # spreadsheets drop the leading zero of 01000–09999
    if code and not (code.isdigit() and len(code) == 5 and code.isascii()):
        reasons.append(f"code postal « {value.strip()} » invalide : 5 chiffres attendus")
    return code


def _email(value: str, reasons: list[str]) -> str:
    email = value.strip()
    if not email:
        return ""
    local, _, domain = email.rpartition("@")
    email = f"{local}@{domain.lower()}" if local else email
    try:
        validate_email(email)
    except ValidationError:
        reasons.append(f"adresse électronique « {value.strip()} » invalide")
    if len(email) > _max_length("email"):
        reasons.append("adresse électronique trop longue")
    return email


def parse_row(cells: Mapping[str, str], *, today: date) -> dict[str, object]:
    """The model values of one line, keyed by field; RowErrors lists everything wrong with it.

    `cells` holds the file's columns only: a missing optional column yields no value, so an
    import leaves that field of existing doctors as it was.
    """
    reasons: list[str] = []
    values: dict[str, object] = {
        "rpps": _rpps(cells["rpps"], reasons),
        "civility": _civility(cells["civilite"], reasons),
        "last_name": _text_field("last_name", cells["nom"], reasons, required=True),
        "first_name": _text_field("first_name", cells["prenom"], reasons, required=True),
        "specialty": _text_field("specialty", cells["specialite"], reasons, required=True),
        "department": _department(cells["departement"], reasons),
        "registered_on": _registered_on(cells["date_inscription"], today, reasons),
        "status": _status(cells["statut"], reasons),
    }
    if "adresse" in cells:
        values["street"] = _text_field("street", cells["adresse"], reasons, required=False)
    if "code_postal" in cells:
        values["postcode"] = _postcode(cells["code_postal"], reasons)
    if "commune" in cells:
        values["city"] = _text_field("city", cells["commune"], reasons, required=False)
    if "email" in cells:
        values["email"] = _email(cells["email"], reasons)
    if reasons:
        raise RowErrors(reasons)
    return values
