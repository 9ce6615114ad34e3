"""Run by test_killed_upload in a child process: store an endless upload until killed.

Usage: python -m tests.vault.upload_child <owner id>. Prints "UPLOADING" once more than
`VAULT_CHILD_REPORT_AFTER` bytes went through the service layer, then keeps going slowly.
"""

import os
import sys
import time
from collections.abc import Iterator


def chunks(report_after: int) -> Iterator[bytes]:
    yield b"%PDF-1.7\n"
    sent = 0
    block = os.urandom(64 * 1024)
    while True:
        yield block
        sent += len(block)
        if sent > report_after:
            print("UPLOADING", flush=True)
            time.sleep(0.05)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from accounts.models import User
    from vault.services import AccessContext, document_store_chunks

    owner = User.objects.get(pk=int(sys.argv[1]))
    document_store_chunks(
        owner=owner,
        file_name="interrompu.pdf",
        chunks=chunks(int(os.environ["VAULT_CHILD_REPORT_AFTER"])),
        ctx=AccessContext(),
    )


if __name__ == "__main__":
    main()
