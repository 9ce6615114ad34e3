"""Processings of personal data of the roll app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="roll.roll",
        name="Tableau de l’Ordre des médecins",
        purpose=(
            "Tenir le tableau des médecins autorisés à exercer, rattacher chacun à son conseil "
            "départemental et fonder les autres démarches (cotisation, annuaire, espace des "
            "médecins)."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data=(
            "Civilité, nom et prénom",
            "Numéro RPPS",
            "Spécialité, date d’inscription et situation au tableau",
            "Département et adresse d’exercice",
            "Adresse électronique connue de l’Ordre",
        ),
        retention=(
            "Pendant toute la durée de l’inscription au tableau, puis selon les règles "
            "d’archivage applicables aux dossiers ordinaux."
        ),
        recipients=(
            "Les conseils départementaux, régionaux et le Conseil national de l’Ordre",
            "Le public, pour les informations publiées dans l’annuaire",
            "L’Agence du numérique en santé, qui tient le répertoire partagé des "
            "professionnels de santé (RPPS)",
        ),
        models=("roll.Doctor",),
        rights=("accès", "rectification", "limitation"),
    ),
    Processing(
        key="roll.change_requests",
        name="Demandes de modification de l’inscription",
        purpose=(
            "Recevoir et instruire les demandes qu’un médecin adresse depuis son espace pour "
            "mettre à jour les informations de son inscription au tableau."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data=(
            "Identité et numéro RPPS du médecin",
            "Informations dont la modification est demandée, valeurs anciennes et nouvelles",
            "Pièces justificatives et messages échangés",
            "Décision et agent qui l’a prise",
        ),
        retention=(
            "Pendant toute la durée de l’inscription au tableau, avec l’historique des "
            "modifications."
        ),
        recipients=(
            "Le médecin concerné",
            "Les services du conseil départemental qui instruisent la demande",
        ),
        models=("roll.ChangeRequest",),
        rights=("accès", "rectification", "limitation"),
    ),
]
