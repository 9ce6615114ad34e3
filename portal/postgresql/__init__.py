"""PostgreSQL engine for production: Django's own, with a health check that costs no round
trip while the connection is quiet (see base.py)."""
