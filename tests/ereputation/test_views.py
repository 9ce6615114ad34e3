"""The helper's pages: MFA gate, analysis, reply check, downloads, keeping and deleting."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from ereputation.default_cues import DEFAULT_CUES
from ereputation.export import analyses_for_export
from ereputation.models import Cue, KeptAnalysis
from tests.ereputation.conftest import review_post
from tests.factories import UserFactory
from vault.storage import vault_storage

pytestmark = pytest.mark.django_db

DEFAMATORY = "Ce chirurgien m’a laissé des séquelles après mon opération du genou, c’est un escroc."


def test_the_migration_loaded_every_shipped_cue():
    rows = set(Cue.objects.values_list("family", "kind", "text", "weight"))
    assert rows == {(str(c.family), str(c.kind), c.text, c.weight) for c in DEFAULT_CUES}


def test_a_doctor_without_a_second_factor_is_sent_to_enable_it(client):
    user = UserFactory.create(with_doctor=True)
    client.force_login(user)
    response = client.get(reverse("ereputation:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    response = client.post(reverse("ereputation:analyse"), review_post(DEFAMATORY))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("ereputation:home"))
    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_analysis_shows_categories_deadline_steps_and_says_it_is_not_legal_advice(doctor_client):
    response = doctor_client.post(reverse("ereputation:analyse"), review_post(DEFAMATORY))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Diffamation" in page
    assert "Une aide, pas un avis juridique" in page
    assert "<mark>escroc</mark>" in page
    assert "Notifier un contenu illicite" in page
    assert "ne pas répondre" in page
    assert "no-store" in response["Cache-Control"]
    assert KeptAnalysis.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "", "Collez le texte de l’avis."),
        ("text", "x" * 5001, "L’avis dépasse 5"),
        ("published_on", "2999-01-01", "ne peut pas être dans le futur"),
        ("platform", "myspace", "Sélectionnez un choix valide"),
        ("url", "pas une adresse", "Indiquez une adresse complète"),
    ],
)
def test_wrong_input_is_refused_with_a_message(doctor_client, field, value, message):
    data = review_post("Attente trop longue.") | {field: value}
    response = doctor_client.post(reverse("ereputation:analyse"), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_get_on_a_form_url_goes_back_to_the_form(doctor_client):
    response = doctor_client.get(reverse("ereputation:analyse"))
    assert response.status_code == 302
    assert response["Location"] == reverse("ereputation:home")


def test_secrecy_check_blocks_an_unsafe_reply_and_offers_a_safe_one_to_copy(doctor_client):
    url = reverse("ereputation:reply")
    unsafe = review_post(
        "Attente trop longue.", reply="Lors de votre consultation, je vous ai reçu."
    )
    response = doctor_client.post(url, unsafe)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ne publiez pas cette réponse" in page
    assert 'id="reply-ready"' not in page
    safe = review_post("Attente trop longue.", reply="Merci pour votre message.")
    response = doctor_client.post(url, safe)
    assert response.status_code == 200
    assert 'id="reply-ready"' in response.content.decode()


def test_the_template_is_filled_with_practice_details_only(doctor_client):
    data = review_post("Attente trop longue.", template="1", hours="du lundi au vendredi")
    response = doctor_client.post(reverse("ereputation:reply"), data)
    assert "Le cabinet est ouvert du lundi au vendredi." in response.content.decode()


def test_downloads_are_filled_in_and_private(doctor_client):
    data = review_post(DEFAMATORY, platform="presse", name="Dr Claire Martin", email="c@m.test")
    response = doctor_client.post(reverse("ereputation:download", args=["dsa", "txt"]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "https://exemple.test/avis/123" in body
    assert "Dr Claire Martin, c@m.test" in body
    assert "«\u00a0escroc\u00a0»" in body
    assert "bonne foi" in body
    pdf = doctor_client.post(reverse("ereputation:download", args=["dsa", "pdf"]), data)
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    letter = doctor_client.post(
        reverse("ereputation:download", args=["droit_de_reponse", "txt"]), data
    )
    assert "article 6, IV" in letter.content.decode()
    checklist = doctor_client.post(reverse("ereputation:download", args=["preuves", "txt"]), data)
    assert "commissaire de justice" in checklist.content.decode()


def test_no_dsa_notice_for_a_licit_review_nor_right_of_reply_where_one_can_answer(doctor_client):
    licit = review_post("Attente trop longue.")
    assert (
        doctor_client.post(reverse("ereputation:download", args=["dsa", "txt"]), licit).status_code
        == 404
    )
    google = review_post(DEFAMATORY, platform="google")
    url = reverse("ereputation:download", args=["droit_de_reponse", "txt"])
    assert doctor_client.post(url, google).status_code == 404
    assert (
        doctor_client.post(
            reverse("ereputation:download", args=["autre", "txt"]), google
        ).status_code
        == 404
    )


def test_keep_encrypts_reopen_export_and_delete(doctor_client, doctor_user):
    response = doctor_client.post(reverse("ereputation:keep"), review_post(DEFAMATORY))
    row = KeptAnalysis.objects.get()
    assert response["Location"] == reverse("ereputation:kept", args=[row.pk])
    raw = b"".join(vault_storage().read_chunks(row.storage_name))
    assert b"escroc" not in raw
    assert "séquelles".encode() not in raw
    page = doctor_client.get(response["Location"]).content.decode()
    assert "<mark>escroc</mark>" in page
    assert "Supprimer cette analyse" in page
    exported = analyses_for_export(doctor_user)
    assert exported[0]["text"] == DEFAMATORY
    assert "diffamation" in exported[0]["categories"]
    json.dumps(exported)
    home = doctor_client.get(reverse("ereputation:home")).content.decode()
    assert "Mes analyses conservées" in home
    assert reverse("ereputation:kept", args=[row.pk]) in home
    with django_capture_on_commit():
        doctor_client.post(reverse("ereputation:delete", args=[row.pk]))
    assert not KeptAnalysis.objects.exists()
    assert not vault_storage().exists(row.storage_name)


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_keeping_is_capped(doctor_client, settings):
    settings.EREPUTATION_MAX_KEPT = 1
    doctor_client.post(reverse("ereputation:keep"), review_post("Attente."))
    response = doctor_client.post(reverse("ereputation:keep"), review_post("Attente."), follow=True)
    assert KeptAnalysis.objects.count() == 1
    assert "supprimez-en une" in response.content.decode()


def test_the_rate_limit_answers_429(doctor_client, settings):
    settings.EREPUTATION_RATE = "2/h"
    url = reverse("ereputation:analyse")
    for _ in range(2):
        assert doctor_client.post(url, review_post("Attente.")).status_code == 200
    assert doctor_client.post(url, review_post("Attente.")).status_code == 429


def test_staff_extend_the_cues_and_the_analysis_uses_them_at_once(doctor_client):
    text = "Ce docteur est un zozo."
    url = reverse("ereputation:analyse")
    assert "Avis licite" in doctor_client.post(url, review_post(text)).content.decode()
    Cue.objects.create(family="injure", kind="mots", text="zozo", weight=2)
    assert "<mark>zozo</mark>" in doctor_client.post(url, review_post(text)).content.decode()


def test_no_log_record_carries_the_review_or_the_reply(doctor_client, caplog):
    secret_text = "Le docteur Zébulon m’a laissé des séquelles, quel escroc, ma fille Anaïs pleure."
    reply = "Chère Anaïs, lors de votre consultation du 3 mars votre fille allait bien."
    caplog.set_level(logging.DEBUG)
    for logger_name in list(logging.root.manager.loggerDict):
        logging.getLogger(logger_name).setLevel(logging.DEBUG)
    data = review_post(secret_text, platform="presse", reply=reply, name="X", email="x@x.test")
    doctor_client.post(reverse("ereputation:analyse"), data)
    doctor_client.post(reverse("ereputation:reply"), data)
    for kind in ("dsa", "droit_de_reponse", "preuves"):
        doctor_client.post(reverse("ereputation:download", args=[kind, "pdf"]), data)
    doctor_client.post(reverse("ereputation:keep"), data)
    row = KeptAnalysis.objects.get()
    doctor_client.get(reverse("ereputation:kept", args=[row.pk]))
    # A 404 for another id logs the refusal (portal.access), never content.
    doctor_client.get(reverse("ereputation:kept", args=["00000000-0000-0000-0000-000000000000"]))
    assert caplog.records
    for record in caplog.records:
        message = record.getMessage() + repr(record.args) + repr(getattr(record, "request", ""))
        for word in (
            "Zébulon",
            "séquelles",
            "escroc",
            "Anaïs",
            "votre consultation",
            "exemple.test",
        ):
            assert word not in message, (record.name, message[:200])


def test_every_page_of_the_helper_writes_french(doctor_client):
    from tests.portal.test_typography import french_faults

    pages = [doctor_client.get(reverse("ereputation:home"))]
    for text, platform in (("Attente trop longue.", "google"), (DEFAMATORY, "presse")):
        pages.append(
            doctor_client.post(reverse("ereputation:analyse"), review_post(text, platform=platform))
        )
    unsafe = review_post("Attente.", reply="Lors de votre consultation du 3 mars.")
    pages.append(doctor_client.post(reverse("ereputation:reply"), unsafe))
    pages.append(doctor_client.post(reverse("ereputation:analyse"), review_post("")))
    for response in pages:
        assert french_faults(response.content.decode()) == []
    for kind in ("dsa", "droit_de_reponse", "preuves"):
        data = review_post(DEFAMATORY, platform="presse")
        body = doctor_client.post(reverse("ereputation:download", args=[kind, "txt"]), data)
        assert french_faults(f"<p>{body.content.decode()}</p>") == [], kind


def test_admin_refuses_a_broken_pattern_and_takes_a_good_one(staff_client):
    url = reverse("admin:ereputation_cue_add")
    data = {"family": "injure", "kind": "motif", "weight": "2", "active": "on", "note": ""}
    response = staff_client.post(url, data | {"text": "(sans fin"})
    assert response.status_code == 200
    assert "Ce motif n’est pas valide" in response.content.decode()
    assert not Cue.objects.filter(text="(sans fin").exists()
    response = staff_client.post(url, data | {"text": r"\bzozo\b"})
    assert response.status_code == 302
    assert Cue.objects.filter(text=r"\bzozo\b", kind="motif").exists()


@pytest.mark.parametrize(
    "question",
    [
        "Un patient m'a traité de charlatan dans un avis Google, que dois-je faire ?",
        "Comment savoir si un avis publié sur moi est diffamatoire ou juste une critique ?",
    ],
)
def test_the_assistant_points_to_the_helper_for_a_question_about_a_review(
    shipped_guides, settings, question
):
    from guides.assistant import ask

    settings.GUIDES_ANSWER_CACHE_SECONDS = 0
    answer = ask(question, record_unanswered=False)
    helper = [r for r in answer.results if r.sheet == "analyser-un-avis"]
    assert helper, [r.sheet for r in answer.results]
    sheet = Client().get(helper[0].url.split("#")[0])
    assert reverse("ereputation:home") in sheet.content.decode()
