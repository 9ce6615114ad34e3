"""Settings of the e-reputation helper (read from the environment where they vary)."""

import environ

env = environ.Env()

# Analyses and reply checks per doctor, portal.ratelimit syntax (each one runs every cue).
EREPUTATION_RATE = env.str("EREPUTATION_RATE", default="60/h")
# Kept analyses per doctor: an encrypted copy each, deletable at any time.
EREPUTATION_MAX_KEPT = env.int("EREPUTATION_MAX_KEPT", default=50)
