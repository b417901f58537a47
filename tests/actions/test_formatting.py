"""Locale formatting of what offers carry: weekdays, times, distances."""

from __future__ import annotations

import datetime as dt

from actions import formatting as fmt


def test_a_working_week_is_a_range_in_the_users_language() -> None:
    week = ["mo", "tu", "we", "th", "fr"]
    assert fmt.weekday_names(week, "de") == "Mo.–Fr."
    assert fmt.weekday_names(week, "en") == "Mon–Fri"


def test_separate_days_stay_a_list() -> None:
    assert fmt.weekday_names(["mo", "we", "th", "fr", "su"], "en") == "Mon, Wed–Fri, Sun"
    assert fmt.weekday_names(["tu", "th"], "de") == "Di., Do."


def test_arabic_and_persian_get_their_own_day_names() -> None:
    assert "الاثنين" in fmt.weekday_names(["mo"], "ar")
    assert fmt.weekday_names(["mo"], "fa") != fmt.weekday_names(["mo"], "ar")


def test_times_and_distances_use_latin_digits_in_every_locale() -> None:
    assert "9:30" in fmt.time_of_day(dt.time(9, 30), "ar")  # "9:30 ص": CLDR's Arabic form
    assert fmt.time_of_day(dt.time(14, 0), "de") == "14:00"
    assert fmt.kilometres(2.46, "de") == "2,5"
    assert fmt.kilometres(2.46, "en") == "2.5"
    assert all(c in "0123456789,.٫" for c in fmt.kilometres(2.46, "fa"))
