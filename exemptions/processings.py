"""Processings of personal data of the exemption requests (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="exemptions.requests",
        name="Demandes d’exonération de cotisation",
        purpose=(
            "Recevoir les demandes d’exonération totale ou partielle de la cotisation "
            "ordinale, avec leurs justificatifs, les faire instruire par le conseil "
            "départemental du médecin, ajuster l’appel de cotisation et informer le médecin "
            "de chaque étape."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data=(
            "Identité, numéro RPPS et département du médecin, appel de cotisation concerné",
            "Exonération demandée, motif et explication du médecin",
            "Justificatifs (chiffrés), pouvant révéler la situation financière ou l’état de "
            "santé du médecin",
            "Décision, motif de la décision et membre de l’équipe qui l’a prise",
            "Étapes de la demande et courriels envoyés",
        ),
        retention=(
            "10 ans à compter de la clôture de l’exercice comptable de la cotisation concernée "
            "(article L. 123-22 du code de commerce), comme l’appel qu’elle ajuste."
        ),
        recipients=(
            "Le conseil départemental du médecin, qui décide",
            "Les services de trésorerie du Conseil national",
        ),
        models=(
            "exemptions.ExemptionRequest",
            "exemptions.ExemptionDocument",
            "exemptions.ExemptionEvent",
        ),
        rights=("accès", "rectification", "limitation"),
    ),
]
