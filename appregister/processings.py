"""Processings of personal data of the register of health apps (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="appregister.applications",
        name="Demandes de label des applications de santé",
        purpose=(
            "Recevoir les demandes de label des éditeurs d’applications de santé et d’objets "
            "connectés, les faire évaluer par un organisme accrédité, décider, tenir le "
            "registre public et suivre les labels attribués (changements déclarés, rappels "
            "de renouvellement)."
        ),
        legal_basis=LegalBasis.PUBLIC_INTEREST,
        data=(
            "Compte de l’éditeur, nom et téléphone de la personne à contacter",
            "Description de l’application, éléments de preuve et documents (chiffrés)",
            "Comptes des évaluateurs des organismes, résultats et avis qu’ils enregistrent",
            "Décisions, étapes de la demande et courriels envoyés",
        ),
        retention=(
            "Pendant la validité du label puis 5 ans après sa fin ou après le refus de la demande."
        ),
        recipients=(
            "L’équipe du Conseil national chargée du registre",
            "L’organisme évaluateur à qui la demande est confiée",
        ),
        models=(
            "appregister.Publisher",
            "appregister.AppApplication",
            "appregister.Evidence",
            "appregister.EvidenceDocument",
            "appregister.ApplicationEvent",
            "appregister.BodyMembership",
            "appregister.CriterionResult",
            "appregister.Recommendation",
            "appregister.Label",
            "appregister.MaterialChange",
            "appregister.RenewalReminder",
        ),
        rights=("accès", "rectification", "limitation"),
    ),
    Processing(
        key="appregister.reports",
        name="Signalements des médecins sur les applications labellisées",
        purpose=(
            "Recevoir les signalements des médecins sur une application du registre, en "
            "accuser réception et les instruire."
        ),
        legal_basis=LegalBasis.PUBLIC_INTEREST,
        data=("Compte du médecin qui signale", "Problème décrit"),
        retention="3 ans après le traitement du signalement.",
        recipients=("L’équipe du Conseil national chargée du registre",),
        models=("appregister.ProblemReport",),
    ),
]
