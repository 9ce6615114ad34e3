"""Settings of one app each, imported at the end of base.py (one file per app: fewer conflicts)."""
