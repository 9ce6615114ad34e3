"""Processings of personal data of the directory app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="directory.public",
        name="Annuaire public des médecins",
        purpose=(
            "Permettre à chacun de vérifier qu’un médecin est inscrit au tableau et de "
            "connaître sa spécialité et son lieu d’exercice."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data=(
            "Nom et prénom",
            "Numéro RPPS",
            "Spécialité",
            "Commune, code postal et département d’exercice",
        ),
        retention=(
            "Tant que le médecin est inscrit au tableau\u00a0: l’annuaire suit chaque mise à jour "
            "du tableau."
        ),
        recipients=("Le public, sur le portail et par son interface de programmation (API)",),
        models=("directory.DirectoryEntry",),
        rights=("accès", "rectification", "limitation"),
    ),
]
