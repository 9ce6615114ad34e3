"""Processings of personal data of the vault app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="vault.documents",
        name="Coffre-fort numérique des médecins",
        purpose=(
            "Conserver, à la demande du médecin, ses documents professionnels (diplômes, "
            "contrats, attestations d’assurance) dans un espace chiffré qui lui est réservé, "
            "et lui rappeler leurs dates d’expiration."
        ),
        legal_basis=LegalBasis.CONTRACT,
        data=(
            "Documents déposés, chiffrés un par un",
            "Noms des documents et des dossiers, tailles, dates de dépôt et d’expiration",
            "Description et mots-clés saisis par le médecin pour retrouver ses documents",
            "Versions antérieures d’un document, chiffrées comme lui",
        ),
        retention=(
            "Jusqu’à leur suppression par le médecin\u00a0; un document mis à la corbeille est "
            "supprimé définitivement au bout de 30 jours avec ses versions antérieures, et le "
            "coffre disparaît avec le compte."
        ),
        recipients=(
            "Le médecin seul\u00a0: les services de l’Ordre n’ouvrent pas les documents du coffre",
            "L’hébergeur, qui ne stocke que des documents chiffrés",
        ),
        models=("vault.Folder", "vault.Document"),
        rights=("accès", "rectification", "effacement", "limitation", "portabilité"),
    ),
    Processing(
        key="vault.access_log",
        name="Journal des accès au coffre-fort",
        purpose=(
            "Garder la trace de chaque opération sur un document du coffre (consultation, "
            "dépôt, téléchargement, renommage, déplacement, nouvelle version, suppression) pour "
            "que le médecin puisse la vérifier et pour détecter un usage frauduleux."
        ),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        data=(
            "Compte à l’origine de l’opération, nature et date de l’opération",
            "Nom du document concerné",
            "Adresse IP et canal (site ou API)",
            "Type de navigateur et de système (par exemple «\u00a0Firefox sur Windows\u00a0»), "
            "déduit de l’en-tête du navigateur, qui n’est pas conservé",
        ),
        retention="12 mois à compter de l’opération.",
        recipients=(
            "Le médecin titulaire du coffre",
            "Les administrateurs du portail chargés de la sécurité",
        ),
        models=("vault.AccessLogEntry",),
        retention_days=365,
        purge="vault.services.access_log_purge_before",
        rights=("accès", "limitation", "opposition"),
    ),
    Processing(
        key="vault.shares",
        name="Partage de documents du coffre entre médecins",
        purpose=(
            "Permettre à un médecin de donner à un confrère inscrit au tableau, pour une durée "
            "limitée qu’il choisit, l’accès en lecture à un document ou à un dossier de son "
            "coffre (téléexpertise, remplacement), et prévenir ce confrère par courriel."
        ),
        legal_basis=LegalBasis.CONTRACT,
        data=(
            "Titulaire et destinataire du partage (comptes rattachés au tableau)",
            "Document ou dossier partagé, dates de début, d’échéance et de fin",
            "Message facultatif au destinataire, effacé dès la fin du partage",
        ),
        retention=(
            "12 mois après la fin ou l’échéance du partage ; chaque accès reste dans les "
            "journaux du titulaire et du destinataire pour leur durée propre."
        ),
        recipients=(
            "Le médecin titulaire et le confrère destinataire",
            "Les administrateurs du portail, sans le message ni le contenu des documents",
        ),
        models=("vault.Share",),
        retention_days=365,
        purge="vault.sharing.shares_purge_before",
        rights=("accès", "effacement", "limitation", "opposition"),
    ),
]
