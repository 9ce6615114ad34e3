"""Processings of personal data of the guides app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="guides.assistant",
        name="Questions posées à l’assistant et avis sur ses réponses",
        purpose=(
            "Améliorer les fiches pratiques\u00a0: repérer les questions auxquelles l’assistant "
            "n’a pas trouvé de réponse et savoir si ses réponses ont été utiles."
        ),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        data=(
            "Texte des questions restées sans réponse, avec le nombre de fois et les dates "
            "où elles ont été posées",
            "Avis «\u00a0utile\u00a0» ou «\u00a0pas utile\u00a0», avec la question et la "
            "fiche proposée",
            "Aucun compte, aucune adresse IP n’est associé à une question\u00a0: n’y écrivez pas "
            "d’information sur vous ou sur un patient",
        ),
        retention="12 mois après la dernière fois où la question a été posée ou l’avis donné.",
        recipients=("Les rédacteurs des fiches pratiques au sein des services de l’Ordre",),
        models=("guides.UnansweredQuestion", "guides.AssistantFeedback"),
        retention_days=365,
        purge="guides.services.assistant_questions_purge",
        rights=("accès", "effacement", "opposition"),
    ),
]
