"""Building roll CSV files for the import tests."""

from roll.rpps import luhn_check_digit

HEADER = (
    "rpps",
    "civilite",
    "nom",
    "prenom",
    "specialite",
    "departement",
    "date_inscription",
    "statut",
    "adresse",
    "code_postal",
    "commune",
    "email",
)


def rpps(n: int) -> str:
    payload = f"10{n:08d}"
    return payload + luhn_check_digit(payload)


def luhn_invalid(n: int) -> str:
    valid = rpps(n)
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


def row(n: int, **overrides: str) -> dict[str, str]:
    values = {
        "rpps": rpps(n),
        "civilite": "MME",
        "nom": f"Martin{n}",
        "prenom": "Claire",
        "specialite": "Cardiologie et maladies vasculaires",
        "departement": "69",
        "date_inscription": "2011-09-01",
        "statut": "active",
        "adresse": "4 rue Victor Hugo",
        "code_postal": "69002",
        "commune": "Lyon",
        "email": f"claire.martin.{n}@exemple-medecin.test",
    }
    values.update(overrides)
    return values


def csv_bytes(
    rows: list[dict[str, str]],
    *,
    header: tuple[str, ...] = HEADER,
    delimiter: str = ";",
    bom: bool = False,
    newline: str = "\n",
) -> bytes:
    """A CSV file; values are written as given, so tests control quoting themselves."""
    lines = [delimiter.join(header)]
    lines += [delimiter.join(values.get(name, "") for name in header) for values in rows]
    text = newline.join(lines) + newline
    return ("\ufeff" if bom else "").encode() + text.encode()
