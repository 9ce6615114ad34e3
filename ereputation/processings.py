"""Processings of personal data of the e-reputation helper (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="ereputation.kept_analyses",
        name="Analyses d’avis en ligne conservées par les médecins",
        purpose=(
            "Conserver, à la demande du médecin et dans son espace, l’analyse d’un avis publié "
            "à son sujet pour préparer un signalement ou une action."
        ),
        legal_basis=LegalBasis.CONSENT,
        data=(
            "Texte de l’avis, adresse de la page et catégories trouvées (chiffrés)",
            "Plateforme et date de publication de l’avis",
        ),
        retention="Jusqu’à ce que le médecin supprime l’analyse ou son compte.",
        recipients=(
            "Le médecin seul\u00a0; l’équipe du portail ne voit que la date et la plateforme",
        ),
        models=("ereputation.KeptAnalysis",),
        rights=("accès", "effacement", "portabilité", "retrait du consentement"),
    ),
]
