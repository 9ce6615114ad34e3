"""Processings of personal data the portal performs as a whole (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="portal.security_logs",
        name="Journaux techniques et de sécurité",
        purpose=(
            "Assurer le fonctionnement et la sécurité du portail\u00a0: diagnostiquer les erreurs, "
            "détecter les tentatives d’intrusion et les accès refusés, répondre aux "
            "réquisitions de l’autorité judiciaire."
        ),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        data=(
            "Adresse IP, date et heure, page demandée et réponse du serveur",
            "Identifiant technique de la requête et du compte connecté, le cas échéant",
            "Navigateur utilisé",
        ),
        retention="12 mois, dans les journaux du serveur.",
        recipients=(
            "Les administrateurs du portail chargés de la sécurité",
            "L’hébergeur du portail, sous-traitant de l’Ordre",
        ),
        rights=("accès", "limitation", "opposition"),
    ),
    Processing(
        key="portal.staff_journal",
        name="Journal des actions des services de l’Ordre",
        purpose=(
            "Savoir quel agent a créé, modifié ou supprimé une information dans "
            "l’administration du portail, et qui a rédigé chaque version d’une fiche pratique."
        ),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        data=(
            "Compte de l’agent, date et nature de l’action",
            "Libellé de l’objet modifié et description de la modification",
        ),
        retention="Aussi longtemps que l’objet modifié est conservé.",
        recipients=("Les administrateurs du portail",),
        models=("admin.LogEntry", "guides.SheetRevision"),
        rights=("accès", "rectification", "limitation", "opposition"),
    ),
]
