"""Processings of personal data of the contact app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="contact.requests",
        name="Demandes de contact",
        purpose=(
            "Répondre aux questions et demandes adressées à l’Ordre au moyen du formulaire "
            "de contact, et les transmettre au conseil compétent."
        ),
        legal_basis=LegalBasis.PUBLIC_INTEREST,
        data=(
            "Nom, adresse électronique et, s’il est donné, téléphone",
            "Qualité (médecin, patient, étudiant…) et département",
            "Objet et texte de la demande, messages échangés, pièces jointes",
            "Agent chargé de la demande, état et date de clôture",
        ),
        retention="3 ans après la clôture de la demande.",
        recipients=(
            "Les services du Conseil national ou du conseil départemental chargés de la demande",
        ),
        models=("contact.ContactRequest", "contact.ContactMessage"),
        retention_days=3 * 365,
        rights=("accès", "rectification", "effacement", "limitation", "opposition"),
    ),
]
