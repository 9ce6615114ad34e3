"""The e-reputation helper's part of the data export: the analyses the doctor kept.

Each analysis is decrypted (`ereputation.export.analyses_for_export`); one failing its check
raises `vault.streams.IntegrityFailure` and fails the whole build, as a vault document does:
an export is complete or it is not delivered (the failure is logged by `vault.streams`, and
the page tells the person it did not succeed).
"""

from typing import Any

from accounts.models import User
from ereputation.categories import CATEGORIES, LICITE, PLATFORM_CHOICES
from ereputation.export import analyses_for_export
from privacy.export.registry import ExportFiles, Section

PLATFORM_LABELS = dict(PLATFORM_CHOICES)
CATEGORY_LABELS = {LICITE.key: LICITE.label} | {k: c.label for k, c in CATEGORIES.items()}


def ereputation_part(user: User, files: ExportFiles) -> dict[str, Any]:
    return {
        "kept_analyses": [
            {
                **analysis,
                "platform_label": str(PLATFORM_LABELS.get(analysis["platform"], "")),
                # A category later renamed or dropped keeps its key as its label.
                "categories_labels": [CATEGORY_LABELS.get(c, c) for c in analysis["categories"]],
            }
            for analysis in analyses_for_export(user)
        ]
    }


SECTION = Section(
    key="ereputation",
    title="Vos analyses d’avis en ligne conservées",
    description=(
        "Les avis que vous avez fait analyser et choisi de conserver, tels que vous les avez "
        "collés, avec les catégories relevées."
    ),
    collect=ereputation_part,
)
