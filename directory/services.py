"""Writes of the directory: the repair of its search table (triggers keep it in step) and the
specialty vocabulary staff edit in admin."""

import uuid

from django.core.cache import cache
from django.db import connection, transaction

from directory import sync
from directory.models import DirectoryEntry, SpecialtyVocabulary, VocabularyState
from directory.selectors import SPECIALTIES_CACHE_KEY
from directory.vocabulary import VERSION_CACHE_KEY


def directory_entries_rebuild() -> int:
    """Reinstall the roll's triggers and rebuild every search row; return how many there are.

    Needed only if the triggers were lost: on SQLite, a roll migration that rebuilds the
    roll's table drops them. Set-based, in one transaction: searches never see it half done.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        sync.install(cursor)
    transaction.on_commit(lambda: cache.delete(SPECIALTIES_CACHE_KEY))
    return DirectoryEntry.objects.count()


def vocabulary_version_bump() -> str:
    """Tell every process that its vocabulary is stale (it reloads on its next search)."""
    version = uuid.uuid4().hex
    if not VocabularyState.objects.filter(pk=1).update(version=version):
        VocabularyState.objects.update_or_create(pk=1, defaults={"version": version})
    cache.delete(VERSION_CACHE_KEY)
    return version


def _bump_now_and_after_commit() -> None:
    # After commit too: a process that reloaded in between would otherwise keep the old words.
    vocabulary_version_bump()
    transaction.on_commit(vocabulary_version_bump)


@transaction.atomic
def specialty_vocabulary_save(*, vocabulary: SpecialtyVocabulary) -> SpecialtyVocabulary:
    """Validate and save a specialty's vocabulary; searches use it from then on."""
    vocabulary.name = vocabulary.name.strip()
    vocabulary.full_clean()
    vocabulary.save()
    _bump_now_and_after_commit()
    return vocabulary


@transaction.atomic
def specialty_vocabulary_delete(*, vocabulary: SpecialtyVocabulary) -> None:
    vocabulary.delete()
    _bump_now_and_after_commit()
