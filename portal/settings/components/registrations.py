"""Settings of the registrations app (students' and interns' first registration)."""

import environ

env = environ.Env()

# Each document of a request: PDF, JPEG or PNG, checked by content, up to this size.
REGISTRATIONS_MAX_FILE_BYTES: int = env.int(
    "REGISTRATIONS_MAX_FILE_BYTES", default=10 * 1024 * 1024
)
REGISTRATIONS_ALLOWED_TYPES: list[str] = ["pdf", "jpeg", "png"]
REGISTRATIONS_MAX_DOCUMENTS: int = 20
