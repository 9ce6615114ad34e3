"""Dates, times and sizes in the portal's one French format (portal.french_format)."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from portal.french_format import (
    french_count,
    french_date,
    french_datetime,
    french_size,
    french_time,
    plural_fr,
    typographic_apostrophes,
)

NBSP = "\u00a0"
UTC = datetime.UTC
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2027, 4, 1), "1er avril 2027"),
        (datetime.date(2026, 12, 2), "2 décembre 2026"),
        (datetime.date(2027, 2, 10), "10 février 2027"),
        (datetime.date(2027, 8, 31), "31 août 2027"),
        (datetime.date(2027, 1, 11), "11 janvier 2027"),
    ],
)
def test_dates_take_1er_on_the_first_and_no_leading_zero(day, text):
    assert french_date(day) == text


def test_times_are_written_with_h_and_non_breaking_spaces():
    assert french_time(datetime.time(15, 1)) == f"15{NBSP}h{NBSP}01"
    assert french_time(datetime.time(9, 5)) == f"9{NBSP}h{NBSP}05"
    assert french_time(datetime.time(0, 0)) == f"0{NBSP}h{NBSP}00"


def test_aware_datetimes_are_shown_in_paris_time():
    # 14:01 UTC is 15:01 in Paris in winter, 16:01 in summer.
    winter = datetime.datetime(2026, 12, 2, 14, 1, tzinfo=UTC)
    summer = datetime.datetime(2027, 7, 14, 14, 1, tzinfo=UTC)

    assert french_datetime(winter) == f"2 décembre 2026 à 15{NBSP}h{NBSP}01"
    assert french_datetime(summer) == f"14 juillet 2027 à 16{NBSP}h{NBSP}01"


def test_the_paris_day_is_the_one_shown_near_midnight():
    # 23:30 UTC on 31 March is already 1 April in Paris (summer time).
    late = datetime.datetime(2027, 3, 31, 23, 30, tzinfo=UTC)

    assert french_date(late) == "1er avril 2027"
    assert french_datetime(late) == f"1er avril 2027 à 1{NBSP}h{NBSP}30"
    assert french_date(late.astimezone(PARIS)) == "1er avril 2027"


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 octet"),
        (1, "1 octet"),
        (512, "512 octets"),
        (1023, "1023 octets"),
        (1024, "1 ko"),
        (1536, "1,5 ko"),
        (10 * 1024 * 1024, "10 Mo"),
        (int(12.5 * 1024 * 1024), "12,5 Mo"),
        (1024 * 1024 - 40, "1 Mo"),  # 1 023,96 ko rounds up to the next unit
        (1024**3, "1 Go"),
        (3 * 1024**4, "3 To"),
        (5000 * 1024**4, "5000 To"),
        (-5, "0 octet"),
    ],
)
def test_sizes_are_binary_with_a_decimal_comma(size, text):
    assert french_size(size) == text.replace(" ", NBSP)


def test_the_template_filters_wrap_the_same_functions_and_leave_missing_values_empty():
    template = Template(
        "{{ day|date_fr }}|{{ at|datetime_fr }}|{{ at|time_fr }}|{{ size|size_fr }}"
        '|{{ none|date_fr|default:"—" }}|{{ none|size_fr }}'
    )
    context = Context(
        {
            "day": datetime.date(2027, 4, 1),
            "at": datetime.datetime(2026, 12, 2, 14, 1, tzinfo=UTC),
            "size": 1024**3,
            "none": None,
        }
    )

    assert template.render(context) == (
        f"1er avril 2027|2 décembre 2026 à 15{NBSP}h{NBSP}01|15{NBSP}h{NBSP}01|1{NBSP}Go|—|"
    )


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 demande"), (1, "1 demande"), (2, "2 demandes"), (-3, "-3 demandes")],
)
def test_counts_take_the_singular_for_0_and_1(count, text):
    assert french_count(count, "demande") == text


def test_counts_take_an_irregular_plural_and_endings_agree():
    assert french_count(1, "journal", "journaux") == "1 journal"
    assert french_count(4, "journal", "journaux") == "4 journaux"
    assert [f"créé{plural_fr(n)}" for n in (0, 1, 2)] == ["créé", "créé", "créés"]


def test_data_apostrophes_become_typographic_but_not_quotes():
    assert typographic_apostrophes("Médecine d'urgence") == "Médecine d’urgence"
    assert typographic_apostrophes("'cité'") == "'cité'"
    rendered = Template("{{ name|apostrophes }}").render(Context({"name": "Côte-d'Or"}))
    assert rendered == "Côte-d’Or"
