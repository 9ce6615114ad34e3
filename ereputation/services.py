"""Keeping an analysis (encrypted, in the doctor's space) and deleting it."""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from ereputation.models import KeptAnalysis
from vault.services import object_delete_on_commit, staged_discard
from vault.streams import stage_chunks

MAX_KEPT_BYTES = 64 * 1024
FORMAT = "ordre-e-reputation/1"


@dataclass(frozen=True)
class KeptContent:
    text: str
    platform: str
    published_on: datetime.date
    url: str
    categories: tuple[str, ...]
    kept_at: str

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "text": self.text,
            "platform": self.platform,
            "published_on": self.published_on.isoformat(),
            "url": self.url,
            "categories": list(self.categories),
            "kept_at": self.kept_at,
        }


def kept_analysis_keep(
    *,
    owner: User,
    text: str,
    platform: str,
    published_on: datetime.date,
    url: str,
    categories: tuple[str, ...],
) -> KeptAnalysis:
    """Encrypt the review and its findings into the vault storage and record the row."""
    if KeptAnalysis.objects.filter(owner=owner).count() >= settings.EREPUTATION_MAX_KEPT:
        raise ValidationError(
            f"Vous conservez déjà {settings.EREPUTATION_MAX_KEPT} analyses\u00a0: supprimez-en "
            "une avant d’en conserver une autre."
        )
    content = KeptContent(text, platform, published_on, url, categories, timezone.now().isoformat())
    body = json.dumps(content.as_json(), ensure_ascii=False).encode("utf-8")
    staged = stage_chunks(
        [body],
        owner_id=owner.pk,
        # .txt: the vault's sniffing accepts clean UTF-8 under that name (the JSON inside).
        file_name=f"analyse-avis-{published_on.isoformat()}.txt",
        max_bytes=MAX_KEPT_BYTES,
        quota_left=MAX_KEPT_BYTES,
        allowed_types=["txt"],
        name_prefix=KeptAnalysis.storage_prefix,
    )
    try:
        with transaction.atomic():
            row = KeptAnalysis(
                owner=owner, platform=platform, published_on=published_on, **staged.row_fields()
            )
            row.full_clean()
            row.save(force_insert=True)
    except BaseException:
        staged_discard(staged=staged)
        raise
    return row


def kept_analysis_read(*, analysis: KeptAnalysis) -> KeptContent:
    data = json.loads(b"".join(analysis.open_plaintext()).decode("utf-8"))
    return KeptContent(
        text=data["text"],
        platform=data["platform"],
        published_on=datetime.date.fromisoformat(data["published_on"]),
        url=data["url"],
        categories=tuple(data["categories"]),
        kept_at=data["kept_at"],
    )


@transaction.atomic
def kept_analysis_delete(*, analysis: KeptAnalysis) -> None:
    storage_name = analysis.storage_name
    analysis.delete()
    object_delete_on_commit(storage_name)


@transaction.atomic
def kept_analyses_delete_all(*, owner: User) -> int:
    """Every analysis `owner` kept, rows now and objects after commit (the account's purge)."""
    analyses = list(KeptAnalysis.objects.filter(owner=owner))
    for analysis in analyses:
        kept_analysis_delete(analysis=analysis)
    return len(analyses)
