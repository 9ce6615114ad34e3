"""The human-readable side of the export: each section's JSON as nested lists, in French.

The JSON keys are English (docs/data-export.md); `LABELS` gives the words a reader sees. A
key without a label shows as it is: a new section stays readable before anyone words it.
A value that is a path of the archive (the `file` keys) becomes a link to the file.
"""

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from privacy.export.registry import Section

LABELS = {
    "id": "identifiant",
    "email": "adresse électronique",
    "first_name": "prénom",
    "last_name": "nom",
    "date_joined": "compte créé le",
    "last_login": "dernière connexion",
    "is_staff": "membre des services de l’Ordre",
    "email_addresses": "adresses électroniques",
    "verified": "vérifiée",
    "primary": "principale",
    "second_factors": "seconds facteurs",
    "type": "type",
    "created_at": "créé le",
    "last_used_at": "dernière utilisation",
    "logins": "historique des connexions",
    "at": "le",
    "method": "moyen",
    "pro_sante_connect": "Pro Santé Connect",
    "api_token": "jeton d’accès à l’API",
    "claim_requests": "demandes de rattachement au tableau",
    "closures": "fermetures du compte",
    "exports": "exportations de vos données",
    "doctor": "inscription au tableau",
    "rpps": "numéro RPPS",
    "civility": "civilité",
    "specialty": "spécialité",
    "department": "département",
    "registered_on": "inscrit le",
    "status": "statut",
    "status_label": "statut (libellé)",
    "street": "adresse",
    "postcode": "code postal",
    "city": "commune",
    "phone": "téléphone",
    "companies": "sociétés d’exercice",
    "calls": "appels de cotisation",
    "year": "année",
    "amount": "montant (euros)",
    "payments": "paiements",
    "receipt": "reçu",
    "attestation": "attestation",
    "file": "fichier",
    "instalments": "échéances",
    "mandates": "mandats de prélèvement",
    "debit_plans": "plans de prélèvement",
    "exemptions": "demandes d’exonération",
    "documents": "documents",
    "folders": "dossiers",
    "access_journal": "journal des accès",
    "requests": "demandes",
    "messages": "messages",
    "history": "historique",
    "feedback": "avis sur les réponses de l’assistant",
    "question": "question",
    "helpful": "utile",
    "note": "remarque",
}


def _label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " "))


def value_html(value: Any, *, key: str = "") -> SafeString:
    if isinstance(value, dict):
        if not value:
            return format_html("<p>{}</p>", "—")
        items = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((_label(k), value_html(v, key=k)) for k, v in value.items() if not k.endswith("_id")),
        )
        return format_html("<dl>{}</dl>", items)
    if isinstance(value, list):
        if not value:
            return format_html("<p>{}</p>", "Aucun élément.")
        items = format_html_join("", "<li>{}</li>", ((value_html(v, key=key),) for v in value))
        return format_html("<ol>{}</ol>", items)
    if value is None or value == "":
        return format_html("{}", "—")
    if isinstance(value, bool):
        return format_html("{}", "oui" if value else "non")
    if key == "file":
        return format_html('<a href="{}">{}</a>', value, value)
    return format_html("{}", value)


def sections_html(sections: list[Section], collected: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "title": s.title,
            "description": s.description,
            "html": value_html(collected[s.key]),
        }
        for s in sections
    ]
