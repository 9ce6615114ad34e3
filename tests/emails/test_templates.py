"""Every email the portal can send renders in French, in two parts, signed by the council.

The emails are found, not listed: every `*_subject.txt` under templates/, plus every email
allauth can send (each must be overridden here). Each needs a sample in samples.py.
"""

import html
import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.utils.html import strip_tags

from portal.emails import email_message
from tests.emails.samples import SAMPLES

TEMPLATES = Path(settings.BASE_DIR) / "templates"
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"


def _prefixes(root: Path, *folders: str) -> set[str]:
    found = set()
    for folder in folders or (".",):
        for subject in (root / folder).rglob("*_subject.txt"):
            found.add(str(subject.relative_to(root)).removesuffix("_subject.txt"))
    return found


PORTAL_EMAILS = sorted(_prefixes(TEMPLATES))
ALLAUTH_EMAILS = sorted(_prefixes(ALLAUTH_TEMPLATES, "account/email", "mfa/email"))

ENGLISH = re.compile(
    r"\b(hello|hi|dear|thanks|thank you|please|you are receiving|you're receiving|if you|"
    r"click|password reset|your account|sign ?up|log ?in|best regards|sincerely|unsubscribe|"
    r"the following|has been|was made|confirm your)\b",
    re.IGNORECASE,
)
URL = re.compile(r"https?://\S+")
HOSTS = ("testserver", "example.com", "127.0.0.1", "localhost")


def test_every_allauth_email_is_overridden_by_the_portal():
    for prefix in ALLAUTH_EMAILS:
        for part in ("subject.txt", "message.txt", "message.html"):
            assert (TEMPLATES / f"{prefix}_{part}").is_file(), f"{prefix}_{part}"


def test_every_email_has_a_sample_and_every_sample_an_email():
    missing = [prefix for prefix in PORTAL_EMAILS if prefix not in SAMPLES]
    assert not missing, f"add a Sample to tests/emails/samples.py for: {missing}"
    stale = [prefix for prefix in SAMPLES if prefix not in PORTAL_EMAILS]
    assert not stale, f"samples without templates: {stale}"


def _renderings():
    for prefix in PORTAL_EMAILS:
        sample = SAMPLES.get(prefix)
        if sample is None:
            continue  # reported by test_every_email_has_a_sample_and_every_sample_an_email
        for number, variant in enumerate(sample.variants):
            yield pytest.param(
                prefix, sample.reason, {**sample.context, **variant}, id=f"{prefix}-{number}"
            )


@pytest.fixture
def strict_templates(settings):
    """A variable missing from the sample shows in the output instead of rendering empty."""
    templates = [
        dict(engine, OPTIONS=dict(engine.get("OPTIONS", {}))) for engine in settings.TEMPLATES
    ]
    for engine in templates:
        engine["OPTIONS"]["string_if_invalid"] = "MISSING<%s>"
    settings.TEMPLATES = templates


@pytest.mark.parametrize(("prefix", "reason", "context"), list(_renderings()))
def test_email_renders_in_french_with_both_parts(prefix, reason, context, strict_templates):
    message = email_message(
        to="dr.durand@exemple.test", template=prefix, reason=reason, context=context
    )
    text = message.body
    [(html_part, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    html_text = html.unescape(strip_tags(html_part))

    # One line, not escaped twice, and with something to say.
    assert message.subject.strip()
    assert "\n" not in message.subject
    assert "&#" not in message.subject
    assert "&amp;" not in message.subject
    assert "MISSING<" not in message.subject + text + html_part
    # Both parts carry the whole message: greeting, content, signature, reason.
    body, _, footer = text.partition("\n--\n")
    lines = [line for line in body.strip().splitlines() if line.strip()]
    assert len(lines) >= 4, text
    greeting, sign_off = lines[0], lines[-2:]
    assert greeting.startswith("Bonjour")
    assert sign_off == ["Bien cordialement,", settings.SITE_NAME]
    for line in [greeting, *sign_off, message.subject, message.from_email]:
        assert not any(host in line for host in HOSTS), line
    assert settings.SITE_NAME in message.from_email
    assert reason in footer
    assert re.match(r"Vous recevez ce message parce qu(e |’)", reason)
    assert html_part.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in html_part
    for part in (text, html_text):
        assert settings.SITE_NAME in part
        assert reason in part
        assert "Bonjour" in part
    # The content block of each part is not empty.
    assert len(body.strip()) > len(greeting) + len(settings.SITE_NAME) + 40
    assert len(html_text.strip()) > len(reason) + 200
    # No English left from allauth's or Django's defaults (links aside: allauth names them).
    for part in (message.subject, text, html_text):
        words = URL.sub("", part)
        assert not ENGLISH.search(words), (ENGLISH.search(words), part)
