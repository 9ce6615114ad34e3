"""The analysis, the advice and the secrecy check on the shipped cues (no database)."""

import datetime
import json
from pathlib import Path

from ereputation.advice import deadline_for, months_later, reply_advice, steps_for
from ereputation.analysis import review_analyze
from ereputation.default_cues import DEFAULT_CUES
from ereputation.matching import CueSet, CueSpec
from ereputation.secrecy import reply_check
from tests.ereputation.evaluation import evaluate

CUES = CueSet(DEFAULT_CUES)
TODAY = datetime.date(2027, 3, 15)
EVAL = Path(__file__).with_name("eval_reviews.json")


def test_the_evaluation_meets_the_issue_goals():
    data = json.loads(EVAL.read_text(encoding="utf-8"))
    assert len(data["reviews"]) >= 60
    assert len(data["replies"]["unsafe"]) >= 20
    assert len(data["replies"]["safe"]) >= 20
    report = evaluate(EVAL)
    assert report.failures() == []
    for key in ("injure", "diffamation", "menaces"):
        assert report.per_category[key].recall >= 0.9
    assert report.per_category["licite"].precision >= 0.8
    assert report.caught >= 0.95
    assert report.false_alarms <= 0.05


def test_inflections_accents_and_elisions_meet_a_word_cue():
    for text in ("Des charlatans !", "CHARLATAN", "l’escroc", "Quel escroc", "escrocs"):
        assert not review_analyze(text, cues=CUES).licit, text


def test_a_phrase_keeps_its_small_words():
    cues = CueSet([CueSpec("faux_avis", "mots", "mon cabinet", 2)])
    assert review_analyze("Venez dans mon cabinet", cues=cues).has("faux_avis")
    assert review_analyze("Le cabinet est loin", cues=cues).licit


def test_the_triggering_words_are_highlighted_in_the_original_text():
    text = "Ce médecin m’a laissé des séquelles, un vrai escroc."
    analysis = review_analyze(text, cues=CUES)
    assert analysis.has("diffamation")
    marked = [s.text for s in analysis.segments if s.families]
    assert "m’a laissé des séquelles" in marked
    assert "escroc" in marked
    assert "".join(s.text for s in analysis.segments) == text


def test_a_harsh_but_licit_review_is_licit_and_may_get_a_reply():
    analysis = review_analyze("Deux heures d’attente, accueil glacial, 60 euros.", cues=CUES)
    assert analysis.licit
    assert not analysis.illegal
    assert reply_advice(analysis).reply


def test_care_or_emotion_means_do_not_reply():
    care = review_analyze(
        "Il n’a pas regardé mon genou, je suis repartie sans ordonnance.", cues=CUES
    )
    assert care.licit
    assert care.mentions_care
    assert not reply_advice(care).reply
    angry = review_analyze("SCANDALEUX !!! INADMISSIBLE !!!", cues=CUES)
    assert angry.emotional
    assert not reply_advice(angry).reply


def test_deadline_is_three_months_after_publication_clamped_to_month_end():
    assert months_later(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert months_later(datetime.date(2027, 12, 15), 3) == datetime.date(2028, 3, 15)
    deadline = deadline_for(datetime.date(2027, 1, 10), today=TODAY)
    assert deadline.ends_on == datetime.date(2027, 4, 10)
    assert deadline.days_left == 26
    assert deadline_for(datetime.date(2026, 1, 10), today=TODAY).passed


def _step_keys(text: str, platform: str, published: datetime.date = datetime.date(2027, 3, 1)):
    analysis = review_analyze(text, cues=CUES)
    deadline = deadline_for(published, today=TODAY)
    return [s.key for s in steps_for(analysis, platform=platform, deadline=deadline)]


def test_dsa_notice_only_for_illegal_content_and_right_of_reply_only_without_direct_reply():
    assert _step_keys("Attente trop longue.", "google") == ["garder"]
    assert _step_keys("Ce charlatan.", "google") == [
        "preuves",
        "signaler",
        "dsa",
        "avocat",
        "informer",
    ]
    assert "droit_de_reponse" in _step_keys("Ce charlatan.", "presse")
    assert "droit_de_reponse" not in _step_keys("Ce charlatan.", "reseau_social")
    # Three months gone: no right of reply any more.
    assert "droit_de_reponse" not in _step_keys(
        "Ce charlatan.", "presse", datetime.date(2026, 1, 1)
    )
    # Denigration is a civil fault, not illegal content: reported, no DSA notice.
    assert "dsa" not in _step_keys("N’y allez jamais, je déconseille vivement.", "google")


def test_secrecy_check_flags_a_confirmation_of_care_and_passes_a_neutral_reply():
    unsafe = reply_check(
        "Lors de votre consultation du 3 mars, votre radio était normale.", cues=CUES
    )
    assert not unsafe.safe
    assert "Lors de votre consultation" in unsafe.flagged
    assert "3 mars" in unsafe.flagged
    neutral = reply_check(
        "Merci pour votre message. Le secret médical m’interdit de commenter une situation "
        "particulière. Le cabinet est joignable au 01 23 45 67 89.",
        cues=CUES,
    )
    assert neutral.safe


def test_secrecy_check_flags_a_name_taken_from_the_review():
    review = "Très déçue de l’accueil. Signé : Bernadette"
    assert not reply_check("Chère Bernadette, merci.", cues=CUES, review=review).safe
    assert not reply_check("Merci Bernadette.", cues=CUES, review=review).safe


def test_a_broken_staff_pattern_is_ignored_not_fatal():
    cues = CueSet([CueSpec("injure", "motif", "(unclosed", 2), CueSpec("injure", "mots", "nul", 2)])
    assert review_analyze("Nul.", cues=cues).has("injure")


def test_every_shipped_cue_fits_its_column_and_compiles():
    from ereputation.matching import pattern_error
    from ereputation.models import Cue

    limit = Cue._meta.get_field("text").max_length
    assert limit is not None
    for cue in DEFAULT_CUES:
        assert len(cue.text) <= limit, cue.text[:40]
        if cue.kind == "motif":
            assert pattern_error(cue.text) is None, cue.text
