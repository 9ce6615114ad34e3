"""Settings of the vault app (read from the environment where they vary)."""

import environ

env = environ.Env()
