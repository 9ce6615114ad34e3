import uuid

from django.db.models import QuerySet

from accounts.models import User
from ereputation.matching import CueSet, CueSpec
from ereputation.models import Cue, KeptAnalysis
from portal.access import owned_or_404


def cue_set() -> CueSet:
    """The active cues as staff left them (one query; compiled per analysis)."""
    rows = Cue.objects.filter(active=True).values_list("family", "kind", "text", "weight")
    return CueSet(CueSpec(*row) for row in rows)


def kept_analysis_list(*, owner: User) -> QuerySet[KeptAnalysis]:
    return KeptAnalysis.objects.filter(owner=owner)


def kept_analysis_get(*, owner: User, analysis_id: uuid.UUID) -> KeptAnalysis:
    return owned_or_404(kept_analysis_list(owner=owner), user_id=owner.pk, pk=analysis_id)
