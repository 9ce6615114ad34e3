"""The admin landing page's « À traiter » panel: counts and links to the filtered changelists."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import User
from cotisations.models import (
    DuesCall,
    InstalmentStatus,
    Payment,
    PaymentStatus,
)
from portal.admin_dashboard import waiting_items
from registrations.models import RegistrationRequest, RegistrationStatus
from roll.models import ChangeRequest
from roll.services.changes import change_request_refuse
from tests.auth_helpers import force_mfa_login
from tests.factories import (
    DoctorFactory,
    InstalmentFactory,
    InstalmentPlanFactory,
    PaymentFactory,
    RegistrationRequestFactory,
    UserFactory,
    open_call,
)
from tests.roll.change_helpers import claimed_doctor, filed_request, paris_council

pytestmark = pytest.mark.django_db

PANEL = re.compile(r'<div class="module waiting-module" id="waiting-module">(.*?)</div>', re.S)
ROW = re.compile(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td[^>]*>(\d+)</td>')


def _staff_client(*, is_superuser: bool = False) -> Client:
    user = UserFactory.create(email="staff@ordre.test", is_staff=True, is_superuser=is_superuser)
    client = Client()
    force_mfa_login(client, user)
    return client


def _registration(email: str, status: str, first_name: str) -> RegistrationRequest:
    """A complete request in `status` (first names differ: one request per person)."""
    user = UserFactory.create(email=email)
    RegistrationRequest.objects.filter(first_name="Camille").update(first_name="Claire")
    request = RegistrationRequestFactory.create(
        complete=True, user=user, email=email, specialty=None
    )
    request.first_name = first_name
    request.status = status
    request.save()
    return request


def _call() -> DuesCall:
    doctor = DoctorFactory.create()
    UserFactory.create(doctor=doctor)
    return open_call(doctor)


def _payment(call: DuesCall, status: str, reference: str) -> Payment:
    return PaymentFactory.create(call=call, reference=reference, status=status)


def _exemptions(call: DuesCall, staff: User) -> None:
    """One request waiting for the council, one already refused."""
    from exemptions.services import exemption_request_create, exemption_request_decide

    user = call.doctor.account
    for kind in ("total", "half"):
        request = exemption_request_create(
            user=user,
            call_id=call.pk,
            kind=kind,
            reason="financial",
            explanation="Cabinet sinistré.",
            today=call.campaign.call_date,
        )
        if kind == "total":
            exemption_request_decide(
                request_id=request.pk, staff=staff, decision="refused", reason="Revenus suffisants."
            )


@pytest.fixture
def one_of_each() -> None:
    """One waiting item of each kind, next to one that waits for nothing."""
    _registration("etudiante@exemple.test", RegistrationStatus.SUBMITTED, "Inès")
    _registration("brouillon@exemple.test", RegistrationStatus.DRAFT, "Camille")
    paris_council()
    user, doctor = claimed_doctor("dr.martin@exemple.test")
    refused = filed_request(user, doctor, city="Lyon")
    decider = UserFactory.create(email="decideur@ordre.test", is_staff=True)
    change_request_refuse(request=refused, staff=decider, reason="Justificatif illisible.")
    filed_request(user, doctor)
    call = _call()
    _exemptions(call, decider)
    _payment(call, PaymentStatus.REFUND_DUE, "CHQ-CROISE")
    _payment(call, PaymentStatus.SUCCEEDED, "CHQ-OK")
    _payment(call, PaymentStatus.DISPUTED, "SEPA-CONTESTE")
    plan = InstalmentPlanFactory.create(call=call)
    for number, status in ((1, InstalmentStatus.PAID), (2, InstalmentStatus.FAILED)):
        InstalmentFactory.create(plan=plan, number=number, status=status)


def _panel_rows(client: Client) -> list[tuple[str, str, int]]:
    response = client.get("/admin/")
    assert response.status_code == 200
    panel = PANEL.search(response.content.decode())
    assert panel, "the « À traiter » panel is missing"
    assert "<caption>À traiter</caption>" in panel.group(1)
    return [
        (url.replace("&amp;", "&"), label, int(n)) for url, label, n in ROW.findall(panel.group(1))
    ]


def test_index_shows_each_waiting_count_with_a_link_to_its_filtered_changelist(one_of_each):
    client = _staff_client(is_superuser=True)
    rows = _panel_rows(client)
    labels = [label for _url, label, _count in rows]
    assert labels[:2] == [
        "Demandes de première inscription à examiner",
        "Demandes de modification du tableau en attente",
    ]
    assert labels[-3:] == [
        "Règlements à rapprocher (reçus sans rien à régler, à rembourser)",
        "Règlements contestés par le payeur (litige ouvert ou perdu)",
        "Prélèvements échoués",
    ]
    expected_paths = {
        "/admin/registrations/registrationrequest/?status__exact=submitted",
        "/admin/roll/changerequest/?status__exact=pending",
        "/admin/exemptions/exemptionrequest/?status__exact=submitted",
        "/admin/cotisations/payment/?status__exact=refund_due",
        "/admin/cotisations/payment/?status__exact=disputed",
        "/admin/cotisations/instalment/?status__exact=failed",
    }
    assert expected_paths <= {url for url, _label, _count in rows}
    for url, label, count in rows:
        if url not in expected_paths:
            continue
        assert count == 1, label
        changelist = client.get(url)
        assert changelist.status_code == 200, url
        cl = changelist.context["cl"]
        assert cl.result_count == 1, url
        # The changelist shows only its filter's rows among all of them (3 payments).
        assert cl.full_result_count == (3 if "payment" in url else 2), url


def test_links_show_the_right_objects(one_of_each):
    client = _staff_client(is_superuser=True)
    payments = client.get("/admin/cotisations/payment/?status__exact=refund_due")
    assert "CHQ-CROISE" in payments.content.decode()
    assert "CHQ-OK" not in payments.content.decode()
    registrations = client.get("/admin/registrations/registrationrequest/?status__exact=submitted")
    [shown] = registrations.context["cl"].result_list
    assert shown.email == "etudiante@exemple.test"


def test_nothing_waiting_shows_zeros(db):
    client = _staff_client(is_superuser=True)
    rows = _panel_rows(client)
    assert rows
    assert all(count == 0 for _url, _label, count in rows)


def test_staff_see_only_the_lines_of_models_they_may_view(one_of_each):
    client = _staff_client()
    from accounts.models import User

    staff = User.objects.get(email="staff@ordre.test")
    staff.user_permissions.add(Permission.objects.get(codename="view_changerequest"))
    rows = _panel_rows(client)
    assert [label for _url, label, _count in rows] == [
        "Demandes de modification du tableau en attente"
    ]


def test_staff_without_any_permission_see_no_panel(one_of_each):
    client = _staff_client()
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "waiting-module" not in response.content.decode()


def test_counts_take_a_handful_of_queries(one_of_each, django_assert_max_num_queries):
    from accounts.models import User

    staff = UserFactory.create(email="chef@ordre.test", staff=True)
    staff = User.objects.get(pk=staff.pk)
    with django_assert_max_num_queries(8):
        items = waiting_items(user=staff)
    assert {item.label: item.count for item in items}["Prélèvements échoués"] == 1


def test_contact_line_is_left_out_without_the_contact_model(one_of_each, monkeypatch):
    from django.apps import apps

    real_get_model = apps.get_model

    def no_contact(app_label: str, model_name: str | None = None, **kwargs: object):
        if app_label == "contact":
            raise LookupError("no ContactRequest")
        return real_get_model(app_label, model_name, **kwargs)

    monkeypatch.setattr(apps, "get_model", no_contact)
    staff = UserFactory.create(email="chef@ordre.test", staff=True)
    labels = [item.label for item in waiting_items(user=staff)]
    assert "Demandes de contact nouvelles ou en cours" not in labels
    # R1 #5 added the line of refused provider events, D1 the exemption requests and the
    # disputed payments.
    assert len(labels) == 7


def test_a_model_without_admin_has_no_line(one_of_each):
    from django.contrib import admin

    model_admin = admin.site.get_model_admin(ChangeRequest)
    admin.site.unregister(ChangeRequest)
    try:
        staff = UserFactory.create(email="chef@ordre.test", staff=True)
        labels = [item.label for item in waiting_items(user=staff)]
    finally:
        admin.site.register(ChangeRequest, type(model_admin))
    assert "Demandes de modification du tableau en attente" not in labels
    assert "Prélèvements échoués" in labels
