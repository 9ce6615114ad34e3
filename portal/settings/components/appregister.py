"""Settings of the register of health apps and connected devices (docs/app-register.md)."""

import environ

env = environ.Env()

# The council decides within this many months of a complete file (shown to staff).
APPREGISTER_DECISION_MONTHS: int = env.int("APPREGISTER_DECISION_MONTHS", default=3)
# A label is valid this many years from the decision.
APPREGISTER_LABEL_YEARS: int = env.int("APPREGISTER_LABEL_YEARS", default=2)
# Renewal reminders, this many days before a label expires (each sent once).
APPREGISTER_REMINDER_DAYS: list[int] = [90, 30]
# Each evidence document: PDF, JPEG or PNG, checked by content, up to this size.
APPREGISTER_MAX_FILE_BYTES: int = env.int("APPREGISTER_MAX_FILE_BYTES", default=10 * 1024 * 1024)
APPREGISTER_ALLOWED_TYPES: list[str] = ["pdf", "jpeg", "png"]
APPREGISTER_MAX_DOCUMENTS: int = 40
# Doctors' reports of a problem with an app: per account.
APPREGISTER_REPORT_RATE_LIMIT: str = env.str("APPREGISTER_REPORT_RATE_LIMIT", default="5/h")
# The public verification page of a label number: per client address.
APPREGISTER_VERIFY_RATE_LIMIT: str = env.str("APPREGISTER_VERIFY_RATE_LIMIT", default="30/m")
