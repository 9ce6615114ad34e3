"""Processings of personal data of the registrations app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="registrations.requests",
        name="Demandes de première inscription au tableau",
        purpose=(
            "Recevoir et instruire les demandes d’inscription des étudiants, internes et "
            "jeunes médecins, vérifier leurs pièces et leur notifier la décision."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data=(
            "Civilité, nom, prénom, date et lieu de naissance, nationalité",
            "Adresse postale, adresse électronique et téléphone",
            "Cursus\u00a0: université, année d’études, phase, spécialité, numéro RPPS",
            "Pièces justificatives (diplômes, pièce d’identité), chiffrées",
            "Décisions, messages des services et consultations des pièces par les agents, "
            "avec leur adresse IP",
        ),
        retention=(
            "Pendant l’instruction, puis avec le dossier ordinal du médecin inscrit\u00a0; le "
            "dossier d’une demande refusée est conservé le temps des voies de recours."
        ),
        recipients=(
            "La personne qui demande son inscription",
            "Les services et les élus du conseil départemental qui instruisent la demande",
        ),
        models=(
            "registrations.RegistrationRequest",
            "registrations.RegistrationDocument",
            "registrations.StatusChange",
            "registrations.DocumentAccess",
        ),
        rights=("accès", "rectification", "limitation"),
    ),
]
