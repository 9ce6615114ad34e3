"""Fill a throwaway deployment with vault documents for the restore drill.

`python -m deploy.drill_seed N` (with the deployment's environment): one account and N
encrypted documents stored through the vault's services (so in its configured storage); prints
one line per document, `id sha256`, for the drill to compare after the restore.
"""

import os
import secrets
import sys


def main(count: int) -> None:
    import django

    django.setup()
    from accounts.models import User
    from vault.services import SYSTEM, document_store_chunks

    owner, _ = User.objects.get_or_create(email="drill.coffre@exemple.test")
    for number in range(count):
        content = b"%PDF-1.4\n" + secrets.token_bytes(50_000 + number * 7_919) + b"\n%%EOF\n"
        document = document_store_chunks(
            owner=owner,
            file_name=f"piece-{number + 1}.pdf",
            chunks=[content[i : i + 65_536] for i in range(0, len(content), 65_536)],
            ctx=SYSTEM,
        )
        print(document.pk, document.sha256)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
