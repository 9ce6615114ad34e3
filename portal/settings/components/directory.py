"""Settings of the directory app (read from the environment where they vary)."""

import environ

env = environ.Env()
