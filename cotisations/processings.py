"""Processings of personal data of the dues app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="cotisations.dues",
        name="Cotisation ordinale et paiements",
        purpose=(
            "Appeler la cotisation annuelle due par chaque médecin inscrit, encaisser les "
            "paiements en ligne ou par échéances, relancer les retards et délivrer les "
            "reçus et attestations."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data=(
            "Identité, numéro RPPS et département du médecin",
            "Catégorie de cotisation, montants appelés et payés",
            "Moyen et références des paiements, échéanciers (les numéros de carte et "
            "coordonnées bancaires restent chez le prestataire de paiement)",
            "Relances envoyées, reçus (avec leur numéro), attestations et relevés annuels délivrés",
            "Agent qui a enregistré un paiement ou changé l’état d’un appel",
        ),
        retention=(
            "10 ans à compter de la clôture de l’exercice comptable (article L. 123-22 du "
            "code de commerce)."
        ),
        recipients=(
            "Les services de trésorerie du Conseil national et des conseils départementaux",
            "Le prestataire de paiement en ligne, sous-traitant de l’Ordre",
            "Le commissaire aux comptes de l’Ordre",
        ),
        models=(
            "cotisations.DuesCall",
            "cotisations.DuesCallStatusChange",
            "cotisations.Payment",
            "cotisations.Checkout",
            "cotisations.InstalmentPlan",
            "cotisations.Instalment",
            "cotisations.ProviderEvent",
            "cotisations.ReminderLog",
            "cotisations.Attestation",
            "cotisations.Receipt",
        ),
        rights=("accès", "rectification", "limitation"),
    ),
]
