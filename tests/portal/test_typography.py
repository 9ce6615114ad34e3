"""G2: the portal writes French as docs/french.md says, on every page and in every email.

Every public page, every page of a claimed doctor's space, of a student's first registration,
and every email of tests/emails/samples.py is rendered and its text nodes (not <script>,
<style>, <code>, <pre>, <textarea>, attribute values) are read. The test fails, naming the page
and the text around it, on:
- an ordinary space (or any HTML whitespace, which the browser shows as one) right before a
  high punctuation mark or a closing guillemet, or right after an opening guillemet;
- a straight apostrophe (the portal writes ’);
- another word for email than « adresse électronique » and « courriel » (e-mail, email, mail,
  mél), email addresses and links aside.
"""

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from guides.models import Sheet, SheetStatus
from portal.emails import email_message
from registrations.models import RegistrationStatus, Specialty
from tests.auth_helpers import enable_totp, force_mfa_login
from tests.emails.samples import SAMPLES
from tests.factories import DoctorFactory, RegistrationRequestFactory, UserFactory
from tests.registrations.conftest import add_document

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/medecins/",
    "/patients/",
    "/etudiants/",
    "/guides/",
    "/assistant/?q=cotisation",
    "/annuaire/?q=martin",
    "/conseils/",
    "/conseils/69/",
    "/contact/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/accessibilite/",
    "/cookies/",
    "/plan-du-site/",
    "/compte/login/",
    "/compte/signup/",
]
DOCTOR_PAGES = [
    "/espace/",
    "/espace/cotisations/",
    "/espace/coffre/",
    "/espace/modifications/",
    "/espace/modifications/nouvelle/",
    "/espace/mes-donnees/",
    "/espace/fermer-mon-compte/",
]
STUDENT_PAGES = [
    "/etudiants/inscription/",
    "/etudiants/inscription/identite/",
    "/etudiants/inscription/etudes/",
    "/etudiants/inscription/coordonnees/",
    "/etudiants/inscription/documents/",
    "/etudiants/inscription/recapitulatif/",
]
SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea"}
# Whitespace the browser renders as an ordinary space, before « : ; ? ! » or », or after «.
# A colon between digits ("15:01") has no space before it, so it never matches.
BAD_SPACE = re.compile(r"[ \t\n\r\f]+[:;?!»]|«[ \t\n\r\f]+")
STRAIGHT_APOSTROPHE = re.compile("'")
# The portal says « adresse électronique » for the address and « courriel » for the message.
OTHER_EMAIL_WORDS = re.compile(r"\b(e-?mails?|mails?|mél|mels?)\b", re.IGNORECASE)
ADDRESSES_AND_LINKS = re.compile(r"\S+@\S+|https?://\S+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.texts.append(data)


def text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.texts


def _faults(pattern: re.Pattern[str], texts: list[str]) -> list[str]:
    faults = []
    for text in texts:
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            faults.append(" ".join(text[start:end].split()))
    return faults


def spacing_faults(html: str) -> list[str]:
    return _faults(BAD_SPACE, text_nodes(html))


def apostrophe_faults(html: str) -> list[str]:
    return _faults(STRAIGHT_APOSTROPHE, text_nodes(html))


def email_word_faults(html: str) -> list[str]:
    texts = [ADDRESSES_AND_LINKS.sub("", text) for text in text_nodes(html)]
    return _faults(OTHER_EMAIL_WORDS, texts)


def french_faults(html: str) -> list[str]:
    return [
        *(f"space: …{fault}…" for fault in spacing_faults(html)),
        *(f"apostrophe: …{fault}…" for fault in apostrophe_faults(html)),
        *(f"email word: …{fault}…" for fault in email_word_faults(html)),
    ]


def check(client: Client, urls: list[str]) -> list[str]:
    faults: list[str] = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        faults.extend(f"{url}: {fault}" for fault in french_faults(response.content.decode()))
    return faults


@pytest.fixture
def shipped_content(shipped_guides):
    return DoctorFactory.create_batch(3, last_name="Martin")


def test_the_check_sees_ordinary_spaces_and_lets_good_text_through():
    bad = "<p>Nom : Durand ; vraiment ? oui ! « cité »</p>"
    good = "<p>Nom\u00a0: Durand\u00a0; vraiment\u00a0? oui\u00a0! «\u00a0cité\u00a0»</p>"
    ignored = (
        '<p title="Nom : x">À 15:01, voir https://exemple.test/?q=1</p>'
        "<script>var a = b ? c : d;</script><style>a :hover {}</style>"
    )

    assert len(spacing_faults(bad)) == 6
    assert spacing_faults(good) == []
    assert spacing_faults("<p>Nom&nbsp;: Durand</p>") == []
    assert spacing_faults(ignored) == []
    assert spacing_faults("<p>Nom\n  : Durand</p>") == ["Nom : Durand"]
    mixed = "<p>l'Ordre, l’Ordre</p><a href=\"?q='x'\">x</a>"
    assert apostrophe_faults(mixed) == ["l'Ordre, l’Ordre"]
    assert apostrophe_faults("<p>l’Ordre</p><code>a = 'b'</code>") == []


@pytest.mark.parametrize(
    "text", ["votre e-mail", "Adresse email", "un mail", "E-mails envoyés", "par mél"]
)
def test_the_check_sees_other_words_for_email(text):
    assert email_word_faults(f"<p>{text}</p>") == [text]


def test_the_check_lets_the_portal_words_and_addresses_through():
    html = (
        "<p>Votre adresse électronique, un courriel à email.test@exemple.fr, "
        'voir https://exemple.test/email/</p><input type="email" name="email">'
    )

    assert email_word_faults(html) == []


def test_public_pages_use_non_breaking_spaces(client, shipped_content):
    sheet = Sheet.objects.filter(status=SheetStatus.PUBLISHED).select_related("guide").first()
    assert sheet is not None
    urls = [
        *PUBLIC_PAGES,
        f"/guides/{sheet.guide.slug}/",
        f"/guides/{sheet.guide.slug}/{sheet.slug}/",
        f"/annuaire/{shipped_content[0].rpps}/",
    ]

    faults = check(client, urls)

    assert not faults, "\n".join(faults)


def test_claim_start_uses_non_breaking_spaces(client):
    user = UserFactory.create(email="sans-fiche@exemple-medecin.test")
    enable_totp(user)
    force_mfa_login(client, user)

    faults = check(client, ["/espace/rattacher/"])

    assert not faults, "\n".join(faults)


def test_doctor_space_uses_non_breaking_spaces(client):
    user = UserFactory.create(
        email="typographie@exemple-medecin.test", doctor=DoctorFactory.create()
    )
    enable_totp(user)
    force_mfa_login(client, user)

    faults = check(client, DOCTOR_PAGES)

    assert not faults, "\n".join(faults)


@pytest.fixture
def student(settings, tmp_path):
    from tests.fixtures.vault import use_local_vault
    from tests.registrations.conftest import KEK

    use_local_vault(settings, tmp_path / "vault", keys=f"k1:{KEK}", active="k1")
    user = UserFactory.create(email="camille.lefevre@exemple.test")
    client = Client()
    client.force_login(user, backend="accounts.auth_backends.PortalAuthenticationBackend")
    specialty, _ = Specialty.objects.get_or_create(name="Médecine générale")
    registration = RegistrationRequestFactory.create(
        complete=True, user=user, email=user.email, specialty=specialty
    )
    return client, registration


def test_student_registration_pages_write_french(student):
    client, registration = student

    faults = check(client, STUDENT_PAGES)
    add_document(registration, "identity")
    registration.status = RegistrationStatus.SUBMITTED
    registration.save(update_fields=["status"])
    faults += check(client, ["/etudiants/inscription/suivi/", "/espace/mes-donnees/"])

    assert not faults, "\n".join(faults)


def _email_renderings():
    for prefix, sample in SAMPLES.items():
        for number, variant in enumerate(sample.variants):
            yield pytest.param(prefix, sample, variant, id=f"{prefix}-{number}")


@pytest.mark.parametrize(("prefix", "sample", "variant"), list(_email_renderings()))
def test_emails_write_french(prefix, sample, variant):
    message = email_message(
        to="dr.durand@exemple.test",
        template=prefix,
        reason=sample.reason,
        context={**sample.context, **variant},
    )
    [(html_part, _)] = message.alternatives
    # The subject and the text part are read as one text node each.
    plain = "".join(f"<p>{html_lib.escape(part)}</p>" for part in (message.subject, message.body))

    faults = french_faults(plain) + french_faults(html_part)

    assert not faults, "\n".join(faults)
