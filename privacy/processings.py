"""Processings of personal data of the privacy app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="privacy.rights",
        name="Exercice de vos droits depuis votre espace",
        purpose=(
            "Préparer l’archive de vos données que vous demandez («\u00a0Télécharger mes "
            "données\u00a0») et fermer votre compte à votre demande, puis l’effacer après un "
            "délai de grâce."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data=(
            "Dates et état de vos demandes d’exportation",
            "L’archive elle-même, chiffrée, pendant 7 jours",
            "Dates de fermeture, de réouverture et d’effacement de votre compte",
        ),
        retention=(
            "L’archive est effacée 7 jours après avoir été prête. La trace d’une fermeture de "
            "compte est conservée avec ce que l’Ordre doit garder de ce compte."
        ),
        recipients=(
            "La personne titulaire du compte",
            "Les services de l’Ordre, pour l’assistance",
        ),
        models=("privacy.DataExport", "privacy.AccountClosure"),
        rights=("accès", "portabilité"),
    ),
]
