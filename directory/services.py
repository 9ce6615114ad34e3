"""Writes of the directory: only the repair of its search table (triggers keep it in step)."""

from django.core.cache import cache
from django.db import connection, transaction

from directory import sync
from directory.models import DirectoryEntry
from directory.selectors import SPECIALTIES_CACHE_KEY


def directory_entries_rebuild() -> int:
    """Reinstall the roll's triggers and rebuild every search row; return how many there are.

    Needed only if the triggers were lost: on SQLite, a roll migration that rebuilds the
    roll's table drops them. Set-based, in one transaction: searches never see it half done.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        sync.install(cursor)
    transaction.on_commit(lambda: cache.delete(SPECIALTIES_CACHE_KEY))
    return DirectoryEntry.objects.count()
