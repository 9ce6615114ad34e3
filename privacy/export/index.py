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
    # Vault shares.
    "given": "partages que vous avez faits",
    "received": "partages reçus d’un confrère",
    "kind": "nature",
    "kind_label": "nature (libellé)",
    "name": "nom",
    "other_doctor": "confrère",
    "message": "message",
    "expires_on": "accessible jusqu’au",
    "ended_at": "terminé le",
    "end_reason": "fin",
    "end_reason_label": "fin (libellé)",
    # E-reputation.
    "kept_analyses": "analyses conservées",
    "format": "format",
    "text": "texte",
    "platform": "plateforme",
    "platform_label": "plateforme (libellé)",
    "published_on": "publié le",
    "url": "adresse",
    "categories": "catégories relevées",
    "categories_labels": "catégories relevées (libellés)",
    "kept_at": "conservée le",
    # App register.
    "publisher": "votre société d’édition",
    "company_name": "raison sociale",
    "siren": "numéro SIREN",
    "contact_name": "personne à contacter",
    "contact_phone": "téléphone de contact",
    "applications": "demandes de label",
    "version": "version évaluée",
    "on_ios": "iOS",
    "on_android": "Android",
    "on_web": "navigateur web",
    "on_device": "objet connecté",
    "purpose": "finalité",
    "use_domain": "domaine d’usage",
    "audience": "utilisateurs prévus",
    "intended_users": "utilisateurs prévus, précisés",
    "regulatory_status": "statut réglementaire",
    "device_class": "classe du dispositif médical",
    "ce_certificate": "référence CE",
    "hosting_provider": "hébergeur des données",
    "hds_certificate": "certificat HDS",
    "hosting_location": "lieu d’hébergement",
    "council_message": "compléments demandés par l’Ordre",
    "refusal_reason": "motifs du refus",
    "submitted_at": "envoyée le",
    "complete_at": "dossier complet le",
    "decided_at": "décision le",
    "updated_at": "modifié le",
    "framework_version": "version du référentiel",
    "body": "organisme évaluateur",
    "label": "label",
    "label_number": "numéro de label",
    "number": "numéro",
    "valid_from": "valable à partir du",
    "valid_until": "valable jusqu’au",
    "suspended_at": "suspendu le",
    "suspension_reason": "motif de la suspension",
    "withdrawn_at": "retiré le",
    "withdrawal_reason": "motif du retrait",
    "evidence": "éléments de preuve",
    "criterion": "critère",
    "from_status": "ancien statut",
    "to_status": "nouveau statut",
    "material_changes": "changements déclarés",
    "new_version": "nouvelle version",
    "description": "description",
    "effective_on": "date d’effet",
    "declared_at": "déclaré le",
    "reviewed_at": "examiné le",
    "problem_reports": "signalements envoyés",
    "application": "application",
    "acknowledged_at": "accusé de réception le",
    "handled_at": "traité le",
    "assessor": "vos évaluations",
    "member_since": "évaluateur depuis le",
    "results": "résultats par critère",
    "result": "résultat",
    "comment": "commentaire",
    "evidence_reviewed": "éléments examinés",
    "recommendations": "avis de l’organisme",
    "outcome": "avis",
    "summary": "synthèse",
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
