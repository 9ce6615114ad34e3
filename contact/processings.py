from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="contact.requests",
        name="Demandes de contact",
        purpose=(
            "Répondre aux questions adressées à l’Ordre par le formulaire de contact et "
            "garder la trace des échanges."
        ),
        legal_basis=LegalBasis.PUBLIC_INTEREST,
        data=(
            "nom et prénom",
            "adresse électronique",
            "numéro RPPS (facultatif)",
            "département",
            "sujet et message",
            "réponses de l’Ordre",
        ),
        retention="3 ans après la clôture de la demande",
        recipients=(
            "le conseil départemental du département choisi",
            "le délégué à la protection des données du Conseil national, pour les demandes "
            "sur les données personnelles",
        ),
        models=("contact.ContactRequest", "contact.ContactMessage"),
        retention_days=3 * 365,
        purge="contact.services.contact_request_purge",
    )
]
