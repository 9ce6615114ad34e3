"""What portal.emails_batch buys: building a dues reminder's bytes, batch path against Django's.

    .venv/bin/python bench/emails_batch.py [--messages 3000]

Builds the same reminder (cotisations/email/before, text and HTML parts) for N recipients
twice in one run: through ``portal.emails.email_message`` and Django's email package (the
baseline: EmailMultiAlternatives, then ``message().as_bytes()`` as the SMTP backend does), and
through ``BatchEmail.wire_bytes``. Prints messages per second and the ratio. No database, no
SMTP: only the cost of writing a message, which the batch path exists to cut.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from portal.emails_batch import BatchEmail  # noqa: E402

EMAIL = BatchEmail(
    template="cotisations/email/before",
    reason="Vous recevez ce message parce que vous êtes inscrit au tableau de l’Ordre.",
    subject_prefix="",
)


def context(i: int) -> dict[str, object]:
    return {
        "greeting_name": f"Docteur Martin{i}",
        "year": 2099,
        "deadline": "31/03/2099",
        "amount": "335,00 €",
        "balance": "335,00 €",
        "space_url": "https://portail.ordre.test/espace/cotisations/",
    }


def django_bytes(i: int) -> bytes:
    message = EMAIL.message(
        to=f"dr{i}@exemple.test", context=context(i), headers={"Message-ID": f"<b-{i}@o.test>"}
    )
    return message.message().as_bytes()


def batch_bytes(i: int) -> bytes | None:
    return EMAIL.wire_bytes(
        to=f"dr{i}@exemple.test", context=context(i), headers={"Message-ID": f"<b-{i}@o.test>"}
    )


def rate(build: Callable[[int], object], count: int) -> float:
    """Messages per second, best of two runs (the first warms the templates' caches)."""
    best = 0.0
    for _ in range(2):
        started = time.perf_counter()
        for i in range(count):
            build(i)
        best = max(best, count / (time.perf_counter() - started))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    count = parser.parse_args().messages
    baseline, batch = rate(django_bytes, count), rate(batch_bytes, count)
    print(f"EmailMultiAlternatives (baseline): {baseline:>7.0f} msg/s")
    print(f"BatchEmail.wire_bytes:             {batch:>7.0f} msg/s")
    print(f"ratio: {batch / baseline:.1f}x (goal >= 2)")


if __name__ == "__main__":
    main()
