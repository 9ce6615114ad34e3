"""The Celery application: JSON only, settings read from Django's under the CELERY_ prefix."""

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

# Options of tasks that talk to another server (mail, the payment provider): network trouble
# (OSErrors: refused connections, smtplib's errors) is retried with backoff and jitter; results
# are not kept. The services behind these tasks act at most once, so a retry redoes only what
# was not done.
NETWORK_TASK: dict[str, Any] = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
    "ignore_result": True,
}

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
