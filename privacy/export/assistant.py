"""The guides assistant: the feedback the person gave while logged in.

Questions asked are counted without any account (`UnansweredQuestion`), so none is theirs to
export; feedback given while logged in is linked to the account since this export exists.
"""

from typing import Any

from accounts.models import User
from guides.models import AssistantFeedback
from privacy.export.registry import ExportFiles, Section
from privacy.export.values import row

NOTE = (
    "Les questions posées à l’assistant sont comptées sans lien avec un compte : elles ne "
    "peuvent pas vous être rattachées. Les avis donnés avant le 3 décembre 2026 non plus."
)


def assistant_part(user: User, files: ExportFiles) -> dict[str, Any]:
    feedback = AssistantFeedback.objects.filter(user=user).select_related("sheet")
    return {
        "feedback": [
            {
                **row(f, ["question", "helpful", "answered", "created_at"]),
                "sheet": f.sheet.title if f.sheet else None,
            }
            for f in feedback.order_by("created_at")
        ],
        "note": NOTE,
    }


SECTION = Section(
    key="assistant",
    title="Vos avis sur l’assistant des guides",
    description=(
        "Les réponses à «\u00a0Cette réponse vous a-t-elle aidé\u00a0?\u00a0» données connecté."
    ),
    collect=assistant_part,
)
