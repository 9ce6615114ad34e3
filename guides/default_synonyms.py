"""The synonym list the portal starts with; staff edit it in admin afterwards.

Each entry maps the word the sheets use to the ways readers say the same thing. They are
general French vocabulary of the practice, not answers to particular questions.
"""

DEFAULT_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("messagerie", ("mail", "mails", "email", "e-mail", "courriel", "mel", "mèl", "messages")),
    ("rendez-vous", ("rdv", "agenda", "prise de rendez-vous en ligne")),
    ("téléphone", ("smartphone", "portable", "mobile", "iphone", "android")),
    ("tablette", ("ipad",)),
    ("téléconsultation", ("visio", "visioconférence", "consultation vidéo", "vidéo")),
    ("télémédecine", ("consultation à distance", "soins à distance")),
    ("avis", ("commentaire", "commentaires", "notation", "étoiles", "critique")),
    ("dossier", ("dossier médical", "fichier patient")),
    (
        "hébergeur",
        ("hds", "cloud", "nuage", "stockage en ligne", "dropbox", "google drive", "onedrive"),
    ),
    ("violation", ("fuite", "piratage", "cyberattaque", "rançongiciel", "ransomware", "hacker")),
    ("sous-traitant", ("prestataire", "éditeur de logiciel")),
    ("diffamation", ("diffamatoire", "calomnie", "mensonge")),
    ("injure", ("insulte", "injurieux", "insultant", "outrage")),
    ("protection juridique", ("assureur", "contrat d'assurance", "assurance juridique")),
    ("rgpd", ("règlement général sur la protection des données", "gdpr")),
    ("cnil", ("commission nationale de l'informatique et des libertés",)),
    ("remplacement", ("remplaçant", "remplacer", "licence de remplacement", "rempla", "remplas")),
    (
        "fiche d'établissement",
        ("google maps", "google my business", "fiche google", "profil google"),
    ),
    ("interne", ("internat", "docteur junior")),
    ("stage", ("stagiaire",)),
    ("inscription", ("s'inscrire", "inscrit")),
    ("effacement", ("supprimer", "suppression")),
    ("accès", ("obtenir une copie",)),
    ("recherche", ("essai clinique", "thèse")),
    ("mot de passe", ("identifiant", "authentification")),
)
