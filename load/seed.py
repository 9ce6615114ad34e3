"""Accounts and documents for the load test, in the database the runner just migrated.

Run by `load/run.py` with the same environment as gunicorn (production settings). Creates
`--doctors` claimed doctors with TOTP enabled, each with a few small vault documents and an
open session whose second factor is recorded (as if they had logged in with their code), and
prints JSON: the session keys, the document ids and a sample of RPPS numbers for the
directory pages. Sessions are made here rather than through the login form so that the
measured run is the portal's pages, not allauth's login rate limits (every simulated user
comes from 127.0.0.1).

`--rush N --year Y` instead creates N accounts for the deadline rush (load/rush.py) on
doctors who owe year Y's dues: a shared password and a TOTP secret each, never logged in.
"""

import argparse
import json
import os
import sys
import time


def mfa_session_create(user) -> str:  # type: ignore[no-untyped-def]
    """The key of a new session for `user`, logged in with password then TOTP code."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.auth_backends.PortalAuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session.create()
    return str(session.session_key)


def rush_accounts(*, count: int, year: int) -> dict[str, object]:
    """`count` doctors who owe this year's dues, with a password and TOTP, never logged in."""
    import secrets

    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from cotisations.models import CallStatus, DuesCall

    calls = list(
        DuesCall.objects.filter(
            campaign__year=year, doctor__account__isnull=True, status=CallStatus.OPEN
        )
        .select_related("doctor")
        .order_by("doctor__rpps")[:count]
    )
    if len(calls) < count:
        sys.exit(f"load/seed.py: only {len(calls)} unclaimed doctors owe {year}'s dues")
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)  # once: scrypt for every account would take minutes
    accounts = []
    for n, call in enumerate(calls):
        email = f"echeance{n}@exemple-charge.test"
        user = User.objects.create_user(email=email, password=None, doctor=call.doctor)
        User.objects.filter(pk=user.pk).update(password=hashed)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        accounts.append({"email": email, "secret": secret})
    return {"rush": accounts, "password": password, "year": year}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--doctors", type=int, default=40)
    parser.add_argument("--rush", type=int, default=0, help="accounts for load/rush.py")
    parser.add_argument("--year", type=int, default=0, help="the dues year of --rush")
    args = parser.parse_args()

    import django

    django.setup()
    from roll.models import Doctor

    if args.rush:
        rpps = list(Doctor.objects.order_by("?").values_list("rpps", flat=True)[:200])
        data = rush_accounts(count=args.rush, year=args.year)
        json.dump({**data, "accounts": [], "rpps": rpps}, sys.stdout)
        return
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User
    from vault import services as vault_services

    unclaimed = list(Doctor.objects.filter(account__isnull=True).order_by("rpps")[: args.doctors])
    if len(unclaimed) < args.doctors:
        sys.exit(f"load/seed.py: only {len(unclaimed)} unclaimed doctors on the roll")
    accounts = []
    for n, doctor in enumerate(unclaimed):
        email = f"charge{n}@exemple-charge.test"
        user = User.objects.create_user(email=email, password=None, doctor=doctor)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        TOTP.activate(user, generate_totp_secret())
        ctx = vault_services.AccessContext(actor=user, ip="127.0.0.1")
        documents = [
            str(
                vault_services.document_store_chunks(
                    owner=user,
                    file_name=f"piece-{k}.pdf",
                    chunks=[b"%PDF-1.7\n" + os.urandom(6 * 1024) + b"\n%%EOF\n"],
                    ctx=ctx,
                ).pk
            )
            for k in range(3)
        ]
        accounts.append({"session": mfa_session_create(user), "documents": documents})
    rpps = list(Doctor.objects.order_by("?").values_list("rpps", flat=True)[:200])
    json.dump({"accounts": accounts, "rpps": rpps}, sys.stdout)


if __name__ == "__main__":
    main()
