"""A sample context for every email the portal can send, keyed by its template prefix.

tests/emails/test_templates.py renders each email with its sample and fails for a
`*_subject.txt` that has no entry here: adding an email means adding one entry to SAMPLES,
`"<prefix>": Sample(reason=..., context={...})`, with the reason the sending code passes.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from accounts.adapters import ACCOUNT_EMAIL_REASONS
from accounts.services.claims import CODE_EMAIL_REASON, LINKED_EMAIL_REASON
from appregister.emails import REASON as APP_REASON
from appregister.emails import REPORT_REASON as APP_REPORT_REASON
from contact.emails import REASON as CONTACT_REASON
from cotisations.services.confirmations import CONFIRMATION_REASON
from cotisations.services.debit_outcomes import DEBIT_FAILED_REASON
from cotisations.services.emails import INSTALMENT_REASON, REMINDER_REASON
from debits.services.notices import REASON as DEBIT_NOTICE_REASON
from exemptions.emails import REASON as EXEMPTION_REASON
from privacy.services.closures import CLOSED_REASON
from privacy.services.exports import EXPORT_READY_REASON
from registrations.emails import REASON as REGISTRATION_REASON
from roll.emails import REASON as CHANGE_REQUEST_REASON
from vault.services import EXPIRY_REMINDER_REASON
from vault.sharing import SHARE_EMAIL_REASON


@dataclass(frozen=True)
class Sample:
    reason: str
    context: dict[str, Any] = field(default_factory=dict)
    # Contexts merged over `context`, one rendering each (e.g. one per status).
    variants: tuple[dict[str, Any], ...] = ({},)


SITE = "https://portail.ordre.test"
APP_STEP = {
    "subject": "Votre demande de label est en cours d’évaluation",
    "greeting_name": "Claire Martin",
    "step": "assigned",
    "reinstated": False,
    "message": "",
    "application": SimpleNamespace(
        pk=7,
        name="GlycoSuivi",
        version="3.2",
        body=SimpleNamespace(name="Certisanté", accreditation_number="COFRAC 5-0611"),
    ),
    "label": SimpleNamespace(number="ODM-APP-2027-0042"),
    "valid_until": "14 mars 2029",
    "application_url": f"{SITE}/editeurs/demandes/7/",
    "register_url": f"{SITE}/applications/7/",
}
DOCTOR = SimpleNamespace(last_name="Durand", display_name="Dr Anne Durand", rpps="10001234567")
DUES = {
    "doctor": DOCTOR,
    "greeting_name": "Docteur Durand",
    "year": 2027,
    "deadline": "31 mars 2027",
    "amount": "340,00\u00a0€",
    "balance": "226,66\u00a0€",
    "space_url": f"{SITE}/espace/cotisations/",
}
DEBIT_PLAN = {
    **DUES,
    "plan": SimpleNamespace(get_kind_display="En 10 mensualités", collection_day=15),
    "mandate_reference": "CNOM-10001234567-2026-01",
    "iban_masked": "FR76 •••• •••• 0189",
    "creditor_name": "Conseil national de l’Ordre des médecins",
    "creditor_id": "FR72ZZZ123456",
    "space_url": f"{SITE}/espace/cotisations/prelevements/1/",
}
NOTIFICATION = {
    "timestamp": timezone.make_aware(datetime.datetime(2026, 12, 2, 15, 1)),
    "ip": "192.0.2.10",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
}
COUNCIL = SimpleNamespace(name="Conseil départemental du Rhône", phone="04 72 00 00 00")
CONTACT = {
    "greeting_name": "Anne Durand",
    "request": SimpleNamespace(
        reference="C-2026-000123",
        created_at=timezone.make_aware(datetime.datetime(2026, 12, 2, 15, 1)),
        get_topic_display="Cotisation",
        message="Bonjour,\nje n’ai pas reçu mon attestation de paiement.",
    ),
    "message": SimpleNamespace(body="Votre attestation est disponible dans votre espace."),
    "council": COUNCIL,
    "contact_url": f"{SITE}/contact/",
}
CHANGE = {
    "greeting_name": "Dr Anne Durand",
    "change_request": SimpleNamespace(
        pk=42,
        created_at=timezone.make_aware(datetime.datetime(2026, 12, 2, 15, 1)),
        refusal_reason="Le justificatif joint ne porte pas la nouvelle adresse.",
    ),
    "rows": [
        SimpleNamespace(
            label="adresse professionnelle", old="1 rue de la Paix", new="2 quai Perrache"
        ),
        SimpleNamespace(label="téléphone", old="", new="04 72 11 22 33"),
    ],
    "council": COUNCIL,
    "detail_url": f"{SITE}/espace/modifications/42/",
}
EXEMPTION = {
    "greeting_name": "Docteur Durand",
    "request": SimpleNamespace(
        pk=7,
        created_at=timezone.make_aware(datetime.datetime(2027, 2, 3, 10, 15)),
        decision_reason="Situation financière attestée par l’avis d’imposition joint.",
    ),
    "council": COUNCIL,
    "year": 2027,
    "deadline": "31 mars 2027",
    "kind": "exonération de moitié",
    "reason_label": "difficultés financières graves",
    "amount": "182,50\u00a0€",
    "balance": "182,50\u00a0€",
    "balance_cents": 18250,
    "refund_due": "",
    "detail_url": f"{SITE}/espace/cotisations/exoneration/7/",
}
REGISTRATION = SimpleNamespace(first_name="Léa", last_name="Martin", rpps="10009876543")


def _allauth(prefix: str, **context: Any) -> tuple[str, Sample]:
    return prefix, Sample(reason=ACCOUNT_EMAIL_REASONS[prefix], context=context)


def _notification(prefix: str, **context: Any) -> tuple[str, Sample]:
    return _allauth(prefix, **NOTIFICATION, **context)


SAMPLES: dict[str, Sample] = dict(
    [
        _allauth(
            "account/email/account_already_exists",
            email="dr.durand@exemple.test",
            signup_url=f"{SITE}/compte/signup/",
            password_reset_url=f"{SITE}/compte/password/reset/",
        ),
        _allauth(
            "account/email/unknown_account",
            email="inconnu@exemple.test",
            signup_url=f"{SITE}/compte/signup/",
        ),
        _allauth(
            "account/email/email_confirmation_signup",
            email="dr.durand@exemple.test",
            key="abc",
            activate_url=f"{SITE}/compte/confirm-email/abc/",
        ),
        _allauth(
            "account/email/email_confirmation",
            email="dr.durand@exemple.test",
            key="abc",
            activate_url=f"{SITE}/compte/confirm-email/abc/",
        ),
        _allauth("account/email/email_confirm", email="dr.durand@exemple.test", code="ABC123"),
        _allauth("account/email/login_code", email="dr.durand@exemple.test", code="ABC123"),
        _allauth(
            "account/email/password_reset_key",
            email="dr.durand@exemple.test",
            password_reset_url=f"{SITE}/compte/password/reset/key/1-abc/",
        ),
        _allauth(
            "account/email/password_reset_code", email="dr.durand@exemple.test", code="ABC123"
        ),
        _notification("account/email/password_changed"),
        _notification("account/email/password_set"),
        _notification("account/email/password_reset"),
        _notification(
            "account/email/email_changed",
            from_email="ancienne@exemple.test",
            to_email="nouvelle@exemple.test",
        ),
        _notification("account/email/email_deleted", deleted_email="ancienne@exemple.test"),
        _notification("mfa/email/totp_activated"),
        _notification("mfa/email/totp_deactivated"),
        _notification("mfa/email/recovery_codes_generated"),
        _notification("mfa/email/webauthn_added"),
        _notification("mfa/email/webauthn_removed"),
        _notification("socialaccount/email/account_connected"),
    ]
) | {
    "accounts/email/claim_code": Sample(
        reason=CODE_EMAIL_REASON,
        context={
            "doctor": DOCTOR,
            "code": "12345678",
            "code_display": "1234 5678",
            "validity_minutes": 30,
            "rpps_end": "4567",
        },
    ),
    "accounts/email/claim_linked": Sample(
        reason=LINKED_EMAIL_REASON,
        context={
            "doctor": DOCTOR,
            "greeting_name": "Docteur Durand",
            "account_email": "dr.durand@exemple.test",
            "linked_at": NOTIFICATION["timestamp"],
            "rpps_end": "4567",
            "space_url": f"{SITE}/espace/",
        },
    ),
    "cotisations/email/before": Sample(reason=REMINDER_REASON, context=DUES),
    "cotisations/email/deadline": Sample(reason=REMINDER_REASON, context=DUES),
    "cotisations/email/overdue": Sample(reason=REMINDER_REASON, context=DUES),
    "cotisations/email/instalment_notice": Sample(
        reason=INSTALMENT_REASON,
        context={
            **DUES,
            "instalment_number": "2",
            "instalment_amount": "113,33\u00a0€",
            "instalment_date": "10 février 2027",
        },
    ),
    "cotisations/email/instalment_failed": Sample(reason=INSTALMENT_REASON, context=DUES),
    "cotisations/email/debit_failed": Sample(
        reason=DEBIT_FAILED_REASON,
        context={**DUES, "reason_label": "provision insuffisante sur le compte"},
    ),
    "debits/email/prenotification": Sample(
        reason=DEBIT_NOTICE_REASON,
        context={
            **DEBIT_PLAN,
            "schedule": [
                {"number": n, "date": f"15/{n:02d}/2027", "amount": "34,00\u00a0€"}
                for n in range(1, 11)
            ],
            "total": "340,00\u00a0€",
        },
    ),
    "debits/email/reminder": Sample(
        reason=DEBIT_NOTICE_REASON,
        context={
            **DEBIT_PLAN,
            "number": 3,
            "count": 10,
            "date": "15 mars 2027",
            "amount": "34,00\u00a0€",
        },
    ),
    "debits/email/renewal": Sample(
        reason=DEBIT_NOTICE_REASON, context={**DEBIT_PLAN, "next_year": 2028}
    ),
    "cotisations/email/payment_confirmation": Sample(
        reason=CONFIRMATION_REASON,
        context={
            **DUES,
            "method": "Paiement fractionné",
            "received_on": datetime.date(2027, 1, 10),
            "is_paid": False,
            "receipt_url": f"{SITE}/espace/cotisations/recus/1/",
        },
        variants=(
            {
                "instalments": [
                    {"number": 2, "amount": "113,33\u00a0€", "due_on": datetime.date(2027, 2, 10)},
                    {"number": 3, "amount": "113,33\u00a0€", "due_on": datetime.date(2027, 3, 10)},
                ]
            },
            {"instalments": [], "is_paid": True, "method": "Carte bancaire"},
        ),
    ),
    "registrations/email/status": Sample(
        reason=REGISTRATION_REASON,
        context={
            "registration": REGISTRATION,
            "greeting_name": "Léa Martin",
            "status_url": f"{SITE}/inscription/suivi/",
            "claim_url": f"{SITE}/espace/rattacher/",
        },
        variants=tuple(
            {
                "subject": subject,
                "change": SimpleNamespace(to_status=status, message="Dossier incomplet."),
            }
            for status, subject in (
                ("submitted", "Votre demande de première inscription a bien été reçue"),
                ("documents_requested", "Votre demande\u00a0: un document est demandé"),
                ("approved", "Votre demande de première inscription est acceptée"),
                ("rejected", "Votre demande de première inscription n’a pas été acceptée"),
            )
        ),
    ),
    "vault/email/expiry": Sample(
        reason=EXPIRY_REMINDER_REASON,
        context={
            "document": SimpleNamespace(display_name="Attestation d’assurance RCP"),
            "expires_on": "31 janvier 2027",
            "vault_url": f"{SITE}/espace/coffre/",
        },
    ),
    "vault/email/share_received": Sample(
        reason=SHARE_EMAIL_REASON,
        context={
            "greeting_name": "Docteur Dubois",
            "owner_name": "Dr Paul Martin",
            "is_folder": False,
            "target_name": "Compte rendu d’échographie.pdf",
            "expires_on": "10 décembre 2026",
            "message": "Bonjour,\npouvez-vous me donner votre avis\u00a0? Merci.",
            "shared_url": f"{SITE}/espace/coffre/partages-avec-moi/",
        },
        variants=({}, {"is_folder": True, "target_name": "Téléexpertise", "message": ""}),
    ),
    "privacy/email/export_ready": Sample(
        reason=EXPORT_READY_REASON,
        context={
            "data_url": f"{SITE}/espace/mes-donnees/",
            "expires_at": timezone.now() + datetime.timedelta(days=7),
        },
        variants=({"include_documents": False}, {"include_documents": True}),
    ),
    "privacy/email/account_closed": Sample(
        reason=CLOSED_REASON,
        context={
            "purge_after": timezone.now() + datetime.timedelta(days=30),
            "login_url": f"{SITE}/compte/login/",
        },
    ),
    **{
        f"contact/email/{name}": Sample(reason=CONTACT_REASON, context=CONTACT)
        for name in ("acknowledgement", "answer")
    },
    **{
        f"roll/email/change_request_{step}": Sample(reason=CHANGE_REQUEST_REASON, context=CHANGE)
        for step in ("received", "approved", "refused")
    },
    "exemptions/email/step": Sample(
        reason=EXEMPTION_REASON,
        context=EXEMPTION,
        variants=(
            {"step": "received"},
            {"step": "granted_total", "refund_due": "365,00\u00a0€"},
            {"step": "granted_half"},
            {"step": "granted_half", "balance_cents": 0, "refund_due": "182,50\u00a0€"},
            {"step": "refused", "amount": "365,00\u00a0€", "balance": "365,00\u00a0€"},
            {"step": "withdrawn"},
        ),
    ),
    "appregister/email/step": Sample(
        reason=APP_REASON,
        context=APP_STEP,
        variants=(
            {"step": "submitted", "subject": "Votre demande de label a bien été reçue"},
            {"step": "assigned"},
            {"step": "assessed"},
            {"step": "info_requested", "message": "Joignez le rapport de test d’intrusion."},
            {"step": "granted", "subject": "Le label est attribué à votre application"},
            {"step": "granted", "reinstated": True, "message": "Correctif vérifié."},
            {"step": "refused", "message": "Le critère SEC-02 n’est pas satisfait."},
            {"step": "suspended", "message": "Fuite de données signalée."},
            {"step": "withdrawn", "message": "Publicité ciblée avérée."},
        ),
    ),
    "appregister/email/problem_received": Sample(
        reason=APP_REPORT_REASON,
        context={
            "greeting_name": "Docteur Durand",
            "app_name": "GlycoSuivi",
            "report": SimpleNamespace(
                pk=12,
                created_at=timezone.now(),
                message="Les glycémies s’affichent avec une heure de décalage.",
            ),
        },
    ),
    "appregister/email/renewal": Sample(
        reason=APP_REASON,
        context={
            **APP_STEP,
            "days_left": 30,
            "space_url": f"{SITE}/editeurs/espace/",
        },
    ),
}

# Confirmation emails come with a link or, with ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED
# (the portal's setting), with a code: both forms are rendered.
for _prefix in ("account/email/email_confirmation_signup", "account/email/email_confirmation"):
    SAMPLES[_prefix] = Sample(
        reason=SAMPLES[_prefix].reason,
        context=SAMPLES[_prefix].context,
        variants=({}, {"code": "AB12-CD34", "activate_url": ""}),
    )
