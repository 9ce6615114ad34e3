"""Processings of personal data of the accounts app (see legal.processing)."""

from legal.processing import LegalBasis, Processing

PROCESSINGS = [
    Processing(
        key="accounts.accounts",
        name="Comptes du portail et authentification",
        purpose=(
            "Ouvrir et sécuriser le compte d’un médecin, d’un étudiant ou d’un membre des "
            "services de l’Ordre, le rattacher à son inscription au tableau, vérifier son "
            "adresse électronique et le connecter avec son mot de passe, une clé d’accès, "
            "un second facteur ou Pro Santé Connect."
        ),
        legal_basis=LegalBasis.CONTRACT,
        data=(
            "Adresse électronique, nom et prénom",
            "Mot de passe (sous forme d’empreinte, jamais en clair)",
            "Seconds facteurs et clés d’accès (clés publiques, codes de secours chiffrés)",
            "Identifiant Pro Santé Connect et ce qu’il transmet (identifiant national RPPS, "
            "noms et spécialité d’exercice, niveau d’authentification), le cas échéant",
            "Codes de rattachement au tableau (sous forme d’empreinte) et jetons d’accès à l’API",
            "Dates de création du compte et de dernière connexion, session en cours",
        ),
        retention=(
            "Jusqu’à la fermeture du compte. Les codes de rattachement expirent au bout de "
            "30 minutes\u00a0; une session prend fin après 30 minutes d’inactivité et au plus tard "
            "12 heures après la connexion."
        ),
        recipients=(
            "La personne titulaire du compte",
            "Les administrateurs du portail, pour l’assistance et la sécurité",
        ),
        models=(
            "accounts.User",
            "accounts.ClaimChallenge",
            "account.EmailAddress",
            "account.EmailConfirmation",
            "mfa.Authenticator",
            "socialaccount.SocialAccount",
            "socialaccount.SocialToken",
            "authtoken.Token",
            "sessions.Session",
        ),
        rights=("accès", "rectification", "effacement", "limitation", "portabilité"),
    ),
]
