"""Settings of the cotisations app (read from the environment where they vary).

docs/dues.md describes each one.
"""

import environ

env = environ.Env()

# Which payment provider takes card payments: "dummy" (local hosted test page) or "stripe".
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="dummy")
# Production refuses "dummy" (portal/settings/startup_checks.py) unless a test rig (`make
# smoke`, the restore drill) opts in with this; a real deployment never sets it.
PAYMENT_PROVIDER_ALLOW_DUMMY = env.bool("PAYMENT_PROVIDER_ALLOW_DUMMY", default=False)
# Secret the dummy provider signs its webhooks with (HMAC-SHA256), like a real provider does.
# The default is public (it is in this file): production refuses it.
DUMMY_WEBHOOK_SECRET = "dummy-webhook-secret-for-local-use-only"  # noqa: S105 - public on purpose
PAYMENT_WEBHOOK_SECRET = env.str("PAYMENT_WEBHOOK_SECRET", default=DUMMY_WEBHOOK_SECRET)
# Seconds a webhook timestamp may differ from our clock before the webhook is refused.
PAYMENT_WEBHOOK_TOLERANCE = env.int("PAYMENT_WEBHOOK_TOLERANCE", default=300)
# Stripe (PAYMENT_PROVIDER=stripe): secret key, webhook signing secret, and API base (tests only).
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Where Stripe's hosted Checkout pages live (allowed as a form target by the CSP).
STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"

# Default tariffs (euros, "departmental,regional,national") used when a campaign is opened
# without tariffs of its own, the council's 2026 figures: 365 EUR for active doctors (also
# retired doctors still practising, and doctors without prescribing activity), 104 EUR for
# retired doctors without activity, 182.50 EUR (half) for a first registration.
DUES_TARIFF_ACTIVE = env.str("DUES_TARIFF_ACTIVE", default="113.00,43.00,209.00")
DUES_TARIFF_RETIRED_ACTIVE = env.str("DUES_TARIFF_RETIRED_ACTIVE", default="113.00,43.00,209.00")
DUES_TARIFF_RETIRED = env.str("DUES_TARIFF_RETIRED", default="32.00,13.00,59.00")
DUES_TARIFF_FIRST_REGISTRATION = env.str(
    "DUES_TARIFF_FIRST_REGISTRATION", default="56.50,21.50,104.50"
)
# Companies of doctors: a flat amount per company by legal form. Each council decides its own
# rule; these defaults (the active doctor's rate) are edited per campaign in the admin.
DUES_TARIFF_COMPANY_SCP = env.str("DUES_TARIFF_COMPANY_SCP", default="113.00,43.00,209.00")
DUES_TARIFF_COMPANY_SEL = env.str("DUES_TARIFF_COMPANY_SEL", default="113.00,43.00,209.00")
DUES_TARIFF_COMPANY_SPFPL = env.str("DUES_TARIFF_COMPANY_SPFPL", default="113.00,43.00,209.00")
# Calls are made on 1 January and payable until 31 March (month-day).
DUES_CALL_DAY = env.str("DUES_CALL_DAY", default="01-01")
DUES_DEADLINE_DAY = env.str("DUES_DEADLINE_DAY", default="03-31")
# Reminder emails: how many per SMTP connection and per task.
DUES_REMINDER_BATCH_SIZE = env.int("DUES_REMINDER_BATCH_SIZE", default=1000)
# Public attestation check: requests per IP address.
DUES_VERIFY_RATE_LIMIT = env.str("DUES_VERIFY_RATE_LIMIT", default="30/m")
