"""Settings of the debits app: SEPA direct debit by file (docs/configuration.md, docs/dues.md).

The development defaults are valid test values (a French test ICS, the IBAN of the EPC's
examples); production refuses to start with them (portal/settings/startup_checks.py).
"""

import environ

env = environ.Env()

# Who collects direct debits: "sepa_file" (the council's bank, from pain.008 files the portal
# writes), "stripe" (Stripe SEPA Debit) or "" (direct debit not offered).
DIRECT_DEBIT_PROVIDER = env.str("DIRECT_DEBIT_PROVIDER", default="sepa_file")

DEVELOPMENT_CREDITOR_ID = "FR72ZZZ123456"
DEVELOPMENT_CREDITOR_IBAN = "FR7630006000011234567890189"
# Printed on mandates as is; written in pain.008 files in SEPA's character set (accents
# dropped by debits/pain008.py).
SEPA_CREDITOR_NAME = env.str(
    "SEPA_CREDITOR_NAME", default="Conseil national de l’Ordre des médecins"
)
# Identifiant créancier SEPA (ICS), given by the council's bank.
SEPA_CREDITOR_ID = env.str("SEPA_CREDITOR_ID", default=DEVELOPMENT_CREDITOR_ID)
SEPA_CREDITOR_IBAN = env.str("SEPA_CREDITOR_IBAN", default=DEVELOPMENT_CREDITOR_IBAN)
SEPA_CREDITOR_BIC = env.str("SEPA_CREDITOR_BIC", default="AGRIFRPP")
SEPA_CREDITOR_ADDRESS = env.str(
    "SEPA_CREDITOR_ADDRESS", default="4 rue Léon Jost, 75017 Paris, France"
)
# Days before each debit the reminder email goes out (the 14-day pre-notification is the
# schedule sent at acceptance).
SEPA_DEBIT_REMINDER_DAYS = env.int("SEPA_DEBIT_REMINDER_DAYS", default=5)
