"""The councils the portal ships with: every département, the regional councils and the CNOM.

Addresses, phones and emails are plausible, not real (``is_sample=True``): phones use the
ranges ARCEP reserves for fiction, emails the reserved ``.example`` domain. Staff replace them
with the real ones in admin and untick "données d'exemple".
"""

from typing import Any

from roll.data.geography import DEPARTMENTS, DEPARTMENTS_BY_CODE

# INSEE region code → (name, département of its seat, départements covered).
REGIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("11", "Île-de-France", "75", ("75", "77", "78", "91", "92", "93", "94", "95")),
    ("24", "Centre-Val de Loire", "45", ("18", "28", "36", "37", "41", "45")),
    ("27", "Bourgogne-Franche-Comté", "21", ("21", "25", "39", "58", "70", "71", "89", "90")),
    ("28", "Normandie", "14", ("14", "27", "50", "61", "76")),
    ("32", "Hauts-de-France", "59", ("02", "59", "60", "62", "80")),
    (
        "44",
        "Grand Est",
        "67",
        ("08", "10", "51", "52", "54", "55", "57", "67", "68", "88"),
    ),
    ("52", "Pays de la Loire", "44", ("44", "49", "53", "72", "85")),
    ("53", "Bretagne", "35", ("22", "29", "35", "56")),
    (
        "75",
        "Nouvelle-Aquitaine",
        "33",
        ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
    ),
    (
        "76",
        "Occitanie",
        "31",
        ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
    ),
    (
        "84",
        "Auvergne-Rhône-Alpes",
        "69",
        ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
    ),
    ("93", "Provence-Alpes-Côte d’Azur", "13", ("04", "05", "06", "13", "83", "84")),
    ("94", "Corse", "2A", ("2A", "2B")),
    ("01", "Guadeloupe", "971", ("971",)),
    ("02", "Martinique", "972", ("972",)),
    ("03", "Guyane", "973", ("973",)),
    ("04", "La Réunion", "974", ("974",)),
    ("06", "Mayotte", "976", ("976",)),
)

_STREETS = (
    "rue de la République",
    "boulevard Gambetta",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "place de la Préfecture",
    "rue du Docteur-Roux",
    "avenue Pasteur",
    "rue Claude-Bernard",
    "boulevard Carnot",
    "rue Ambroise-Paré",
)

_HOURS = (
    "Du lundi au vendredi, de 9 h à 12 h 30 et de 14 h à 17 h.",
    (
        "Du lundi au jeudi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30\u00a0; "
        "le vendredi, de 8 h 30 à 12 h."
    ),
    "Du lundi au vendredi, de 9 h à 17 h, sans interruption.",
    "Du lundi au vendredi, de 9 h à 12 h\u00a0; l’après-midi sur rendez-vous.",
)

# Ranges ARCEP keeps for fiction, by the first digit of French numbering zones.
_FICTION_PREFIX = {
    "1": "01 99 00",
    "2": "02 61 91",
    "3": "03 53 01",
    "4": "04 65 71",
    "5": "05 36 49",
}

NATIONAL: dict[str, Any] = {
    "code": "CNOM",
    "level": "national",
    "name": "Conseil national de l’Ordre des médecins",
    "departments": [],
    "street": "4 rue Léon Jost",
    "postcode": "75855",
    "city": "Paris Cedex 17",
    "phone": "01 99 00 10 00",
    "email": "contact@cnom.ordre-medecins.example",
    "opening_hours": "Du lundi au vendredi, de 9 h à 17 h.",
    "is_sample": True,
}


def _zone(department: str) -> str:
    """The first digit of French phone numbering for a département (1 Île-de-France … 5)."""
    for region, _name, _seat, covered in REGIONS:
        if department in covered:
            return {
                "11": "1",
                "24": "2",
                "28": "2",
                "52": "2",
                "53": "2",
                "27": "3",
                "32": "3",
                "44": "3",
                "84": "4",
                "93": "4",
                "94": "4",
                "76": "5",
                "75": "5",
            }.get(region, "1")
    return "1"


def _index(code: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(code))


def _contact(code: str, seat: str, number: int) -> dict[str, Any]:
    department = DEPARTMENTS_BY_CODE[seat]
    index = _index(code)
    return {
        "street": f"{index % 40 + 1} {_STREETS[index % len(_STREETS)]}",
        "postcode": department.postcodes[0],
        "city": department.prefecture,
        "phone": f"{_FICTION_PREFIX[_zone(seat)]} {number // 100:02d} {number % 100:02d}",
        "opening_hours": _HOURS[index % len(_HOURS)],
        "is_sample": True,
    }


def regional_rows() -> list[dict[str, Any]]:
    rows = []
    for number, (insee, name, seat, covered) in enumerate(REGIONS):
        code = f"R-{insee}"
        rows.append(
            {
                "code": code,
                "level": "regional",
                "name": f"Conseil régional de l’Ordre des médecins — {name}",
                "departments": list(covered),
                "email": f"cr{insee}@ordre-medecins.example",
                **_contact(code, seat, 9000 + number),
            }
        )
    return rows


def departmental_rows() -> list[dict[str, Any]]:
    """One per département, with "region" the regional council's code."""
    # Saint-Pierre-et-Miquelon (975) belongs to no region: its council answers to the CNOM.
    region_of = {d: f"R-{insee}" for insee, _n, _s, covered in REGIONS for d in covered}
    rows = []
    for number, department in enumerate(DEPARTMENTS):
        code = department.code
        rows.append(
            {
                "code": code,
                "level": "departmental",
                "name": f"Conseil départemental de l’Ordre des médecins — {department.name}",
                "region": region_of.get(code),
                "departments": [code],
                "email": f"cd{code.lower()}@ordre-medecins.example",
                **_contact(code, code, 1000 + number * 7),
            }
        )
    return rows
