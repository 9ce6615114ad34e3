from typing import Any

from django.core.management.base import BaseCommand

from directory.services import directory_entries_rebuild


class Command(BaseCommand):
    help = "Reinstall the directory's triggers on the roll and rebuild its search table."

    def handle(self, *args: Any, **options: Any) -> None:
        count = directory_entries_rebuild()
        self.stdout.write(f"Directory rebuilt: {count} doctors searchable.")
