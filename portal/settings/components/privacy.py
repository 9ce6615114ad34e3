"""Settings of the privacy app: the data export (« Télécharger mes données ») and account
closure (« Fermer mon compte »), docs/data-export.md and docs/account-closure.md."""

import environ

env = environ.Env()

# The sections of the data export, in the order the JSON and index.html list them: dotted
# paths of `privacy.export.registry.Section` objects. An app adds its part by appending its
# own (e.g. "ereputation.privacy_export.SECTION"); privacy.E001 fails the boot on a bad path.
PRIVACY_EXPORT_SECTIONS = [
    "privacy.export.account.SECTION",
    "privacy.export.roll.SECTION",
    "privacy.export.dues.SECTION",
    "privacy.export.vault.SECTION",
    "privacy.export.vault.SHARES_SECTION",
    "privacy.export.registrations.SECTION",
    "privacy.export.requests.CONTACT_SECTION",
    "privacy.export.requests.CHANGES_SECTION",
    "privacy.export.assistant.SECTION",
    "ereputation.privacy_export.SECTION",
    "appregister.privacy_export.SECTION",
]
# How long a ready export can be downloaded, then the upkeep task deletes it.
PRIVACY_EXPORT_DAYS = env.int("PRIVACY_EXPORT_DAYS", default=7)
# Between closing an account and its purge: the person (or staff) may reopen it meanwhile.
ACCOUNT_CLOSURE_GRACE_DAYS = env.int("ACCOUNT_CLOSURE_GRACE_DAYS", default=30)
# Export requests per person (each renders every receipt and attestation as PDF).
PRIVACY_EXPORT_RATE_LIMIT = env.str("PRIVACY_EXPORT_RATE_LIMIT", default="5/d")
