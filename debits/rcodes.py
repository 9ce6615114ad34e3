"""SEPA R-transaction reason codes (ISO 20022 ExternalStatusReason1Code), in French."""

REASON_LABELS: dict[str, str] = {
    "AC01": "Coordonnées bancaires incorrectes",
    "AC04": "Compte clôturé",
    "AC06": "Compte bloqué",
    "AC13": "Compte de débiteur non autorisé (compte de consommateur)",
    "AG01": "Opération interdite sur ce type de compte",
    "AG02": "Code opération invalide",
    "AM04": "Provision insuffisante",
    "AM05": "Opération en double",
    "BE05": "Identifiant du créancier incorrect",
    "CNOR": "Banque du créancier non joignable",
    "DNOR": "Banque du débiteur non joignable",
    "FF01": "Format de fichier invalide",
    "MD01": "Absence de mandat",
    "MD02": "Données du mandat manquantes ou erronées",
    "MD06": "Remboursement demandé par le débiteur",
    "MD07": "Débiteur décédé",
    "MS02": "Refus du débiteur",
    "MS03": "Motif non communiqué par la banque",
    "RC01": "Code BIC incorrect",
    "RR01": "Identification du débiteur manquante (motif réglementaire)",
    "RR02": "Nom ou adresse du débiteur manquant (motif réglementaire)",
    "RR03": "Nom ou adresse du créancier manquant (motif réglementaire)",
    "RR04": "Motif réglementaire",
    "SL01": "Service spécifique de la banque du débiteur",
}

# After these the mandate cannot be used again: it is revoked, and a new plan needs a new one.
MANDATE_ENDING_CODES = frozenset({"AC01", "AC04", "AC06", "AC13", "MD01", "MD07", "MS02", "RC01"})


def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, f"Motif {code}")


def reason_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {label}") for code, label in REASON_LABELS.items()]
