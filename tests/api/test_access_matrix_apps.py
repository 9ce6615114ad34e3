"""The register's private URLs, tried by every other account.

Publisher A has a draft and a sent application (with an evidence document) assigned to body
A. Publisher B, both bodies' other assessor, the doctors, the student and staff (outside the
admin) get 404 on each of A's publisher URLs; every account but body A's assessor gets 404 on
the body's URLs for it, logged on `portal.access`. Body B's assessor sees nothing of it in its
list. The admin's pages answer 403 to everyone but staff. Nothing changes.
"""

import logging

import pytest
from django.urls import reverse

from appregister.models import (
    AppApplication,
    CriterionResult,
    EvidenceDocument,
    MaterialChange,
    Recommendation,
)
from appregister.services import assessment
from tests.api.conftest import _person
from tests.appregister.helpers import (
    application_filled,
    application_sent,
    assessor_create,
    body_create,
    criteria_of,
    evidence_document,
    publisher_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_people(people):
    body_a = body_create(name="Certisanté", number="COFRAC 5-0611")
    body_b = body_create(name="Autrecert", number="COFRAC 5-0999")
    publisher_a = publisher_create(email="editeur.a@exemple.test", company="Éditeur A")
    publisher_b = publisher_create(email="editeur.b@exemple.test", company="Éditeur B")
    everyone = {
        **people,
        "editeur_a": _person("editeur_a", publisher_a.user),
        "editeur_b": _person("editeur_b", publisher_b.user),
        "organisme_a": _person("organisme_a", assessor_create(body_a, "eval.a@exemple.test")),
        "organisme_b": _person("organisme_b", assessor_create(body_b, "eval.b@exemple.test")),
    }
    draft = application_filled(publisher_a)
    sent = application_sent(publisher_a)
    document = evidence_document(draft, criteria_of(draft)[0])
    sent_document = EvidenceDocument.objects.create(
        application=sent,
        criterion=criteria_of(sent)[0],
        **{
            f: getattr(document, f)
            for f in ("display_name", "size", "sha256", "content_type", "kek_id", "wrapped_key")
        },
        storage_name=document.storage_name + "-copie",
    )
    assessment.application_assign(
        application_id=sent.pk, body_id=body_a.pk, staff=people["staff"].user
    )
    return everyone, draft, document, sent, sent_document


def state() -> list[object]:
    return [
        sorted(AppApplication.objects.values_list("pk", "status", "name", "body_id")),
        sorted(EvidenceDocument.objects.values_list("pk", "application_id")),
        sorted(CriterionResult.objects.values_list("pk", "result")),
        sorted(Recommendation.objects.values_list("pk")),
        sorted(MaterialChange.objects.values_list("pk")),
    ]


def _try(person, method, url, caplog):
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        response = getattr(person.web, method)(url)
    body = b"" if response.streaming else response.content
    return response, body


def test_a_publisher_sees_only_its_own_applications(register_people, caplog):
    everyone, draft, document, sent, _sent_document = register_people
    owner = everyone["editeur_a"]
    gets = [
        reverse("appregister:step", args=[draft.pk, "produit"]),
        reverse("appregister:step", args=[draft.pk, "preuves"]),
        reverse("appregister:summary", args=[draft.pk]),
        reverse("appregister:application", args=[sent.pk]),
        reverse("appregister:document", args=[draft.pk, document.pk]),
    ]
    posts = [
        reverse("appregister:step", args=[draft.pk, "produit"]),
        reverse("appregister:submit", args=[draft.pk]),
        reverse("appregister:upload", args=[draft.pk]),
        reverse("appregister:document_delete", args=[draft.pk, document.pk]),
        reverse("appregister:application", args=[sent.pk]),
    ]
    for url in gets:
        assert owner.web.get(url).status_code == 200, url
    before = state()
    for key in (
        "editeur_b",
        "organisme_a",
        "organisme_b",
        "medecin_a",
        "medecin_b",
        "etudiant",
        "staff",
    ):
        intruder = everyone[key]
        for method, url in [("get", u) for u in gets] + [("post", u) for u in posts]:
            response, body = _try(intruder, method, url, caplog)
            where = f"{key} → {method.upper()} {url}"
            assert response.status_code == 404, where
            assert b"%PDF" not in body, where
            assert b"GlycoSuivi" not in body, where
            assert any(r.name == "portal.access" for r in caplog.records), where
        home = intruder.web.get(reverse("appregister:publisher_home"))
        assert "GlycoSuivi" not in home.content.decode(), key
    assert state() == before


def test_a_body_sees_only_the_applications_assigned_to_it(register_people, caplog):
    everyone, draft, _document, sent, sent_document = register_people
    assessor = everyone["organisme_a"]
    criterion = criteria_of(sent)[0]
    gets = [
        reverse("appregister:body_application", args=[sent.pk]),
        reverse("appregister:body_document", args=[sent.pk, sent_document.pk]),
    ]
    posts = [
        reverse("appregister:result_save", args=[sent.pk, criterion.pk]),
        reverse("appregister:recommendation", args=[sent.pk]),
    ]
    assert assessor.web.get(gets[0]).status_code == 200
    assert "GlycoSuivi" in assessor.web.get(reverse("appregister:body_home")).content.decode()
    # The draft is not assigned: its own body cannot open it either.
    assert (
        assessor.web.get(reverse("appregister:body_application", args=[draft.pk])).status_code
        == 404
    )
    before = state()
    for key in ("organisme_b", "editeur_a", "editeur_b", "medecin_a", "etudiant", "staff"):
        intruder = everyone[key]
        for method, url in [("get", u) for u in gets] + [("post", u) for u in posts]:
            response, body = _try(intruder, method, url, caplog)
            where = f"{key} → {method.upper()} {url}"
            assert response.status_code == 404, where
            assert b"%PDF" not in body, where
            assert any(r.name == "portal.access" for r in caplog.records), where
    listing = everyone["organisme_b"].web.get(reverse("appregister:body_home"))
    assert listing.status_code == 200
    assert "GlycoSuivi" not in listing.content.decode()
    # Non-assessors are sent to their own space from the body's home.
    assert everyone["editeur_a"].web.get(reverse("appregister:body_home")).status_code == 302
    assert state() == before


def test_register_admin_pages_answer_403_to_everyone_else(register_people):
    everyone, _draft, _document, sent, sent_document = register_people
    urls = [
        reverse("admin:appregister_appapplication_changelist"),
        reverse("admin:appregister_appapplication_change", args=[sent.pk]),
        reverse("admin:appregister_appapplication_assign", args=[sent.pk]),
        reverse("admin:appregister_appapplication_decision", args=[sent.pk]),
        reverse("admin:appregister_appapplication_label", args=[sent.pk]),
        reverse("admin:appregister_appapplication_document", args=[sent.pk, sent_document.pk]),
    ]
    before = state()
    for url in urls:
        for key in ("editeur_a", "organisme_a", "medecin_a", "etudiant"):
            response = everyone[key].web.get(url, follow=True)
            assert response.status_code == 403, f"{key} → {url}"
    response = everyone["organisme_a"].web.post(
        urls[3], {"decision": "grant", "text": "Pirate."}, follow=True
    )
    assert response.status_code == 403
    assert state() == before
