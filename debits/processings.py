"""Processings of personal data of the direct-debit app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="debits.sepa",
        name="Prélèvement SEPA de la cotisation",
        purpose=(
            "Prélever la cotisation ordinale sur le compte que le médecin a désigné, en une "
            "fois ou par mensualités, selon le mandat qu’il a accepté, et traiter les rejets "
            "de sa banque."
        ),
        legal_basis=LegalBasis.CONTRACT,
        data=(
            "Titulaire, IBAN et BIC du compte débité (affichés masqués)",
            "Référence unique du mandat, date, adresse IP et version du texte de l’acceptation",
            "Échéancier, montants prélevés, fichiers de prélèvement remis à la banque",
            "Rejets de la banque et leur motif",
        ),
        retention=(
            "Le mandat et son IBAN : tant qu’il est utilisé, puis 13 mois après le dernier "
            "prélèvement (délai de contestation d’un prélèvement non autorisé) ; les "
            "prélèvements et fichiers comme pièces comptables : 10 ans."
        ),
        recipients=(
            "Les services de trésorerie du Conseil national et des conseils départementaux",
            "La banque de l’Ordre, qui présente les prélèvements",
        ),
        models=(
            "debits.Mandate",
            "debits.DebitPlan",
            "debits.ScheduledDebit",
            "debits.DebitBatch",
            "debits.DebitReturn",
        ),
        rights=("accès", "rectification", "limitation"),
    ),
]
