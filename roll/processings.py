"""The roll's processings of personal data: the roll itself, and the doctors' change requests."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="roll.roll",
        name="Tableau de l’Ordre des médecins",
        purpose=(
            "Tenir le tableau des médecins autorisés à exercer, publier l’annuaire des médecins "
            "inscrits et permettre à chacun de rattacher son compte à son inscription."
        ),
        legal_basis=(
            LegalBasis.LEGAL_OBLIGATION + "\u00a0: inscription au tableau prévue par l’article "
            "L. 4112-1 du Code de la santé publique"
        ),
        data=(
            "identité (civilité, nom, prénom)",
            "numéro RPPS",
            "spécialité",
            "conseil départemental et date d’inscription",
            "situation d’exercice",
            "adresse et téléphone professionnels",
            "adresse électronique connue de l’Ordre",
        ),
        retention="Durée de l’inscription au tableau, puis archivage",
        recipients=(
            "conseils départementaux, régionaux et national de l’Ordre",
            "public, pour les seules informations de l’annuaire (nom, spécialité, adresse "
            "professionnelle, situation)",
        ),
        models=("roll.Doctor",),
        rights=("accès", "rectification", "limitation"),
    ),
    Processing(
        key="roll.change_requests",
        name="Demandes de modification du tableau",
        purpose=(
            "Recevoir et instruire les modifications que les médecins signalent sur leur "
            "inscription (adresse, téléphone, spécialité, situation), avec leurs justificatifs, "
            "et les en informer."
        ),
        legal_basis=(
            LegalBasis.LEGAL_OBLIGATION + "\u00a0: tenue à jour du tableau (article L. 4112-1 du "
            "Code de la santé publique)"
        ),
        data=(
            "identité et numéro RPPS du médecin",
            "anciennes et nouvelles valeurs demandées",
            "explication et justificatif facultatif (chiffré)",
            "décision, motif de refus et membre de l’équipe qui a décidé",
            "consultations du justificatif par l’équipe (date, adresse IP)",
        ),
        retention="Durée de l’inscription au tableau, puis archivage",
        recipients=("conseil départemental du médecin", "équipe du Conseil national"),
        models=(
            "roll.ChangeRequest",
            "roll.ChangeRequestDocument",
            "roll.ChangeRequestEvent",
            "roll.ChangeDocumentAccess",
        ),
        rights=("accès", "rectification", "limitation"),
    ),
    Processing(
        key="roll.companies",
        name="Sociétés de médecins inscrites au tableau",
        purpose=(
            "Tenir le tableau des sociétés d’exercice et de participations de médecins (SCP, "
            "SEL, SPFPL), leurs associés, et appeler leur cotisation auprès de l’associé "
            "désigné."
        ),
        legal_basis=(
            LegalBasis.LEGAL_OBLIGATION + "\u00a0: inscription des sociétés au tableau (articles "
            "R. 4113-4 et suivants du Code de la santé publique)"
        ),
        data=(
            "dénomination, forme juridique, numéro SIREN et adresse du siège",
            "numéro et date d’inscription au tableau, conseil départemental",
            "associés (médecins inscrits), leur qualité et leurs dates d’entrée et de départ",
            "associé désigné pour la cotisation",
        ),
        retention="Durée de l’inscription de la société au tableau, puis archivage",
        recipients=("conseils départementaux, régionaux et national de l’Ordre",),
        models=("roll.Company", "roll.CompanyPartner"),
        rights=("accès", "rectification", "limitation"),
    ),
]
