"""Times in two zones, across daylight-saving changes (Europe changes, Japan does not)."""

from datetime import UTC, datetime

import pytest

from citybridge.activities.times import (
    format_in_zones,
    format_range_in_zones,
    is_nonexistent,
    local_to_utc,
)

ROME_TOKYO = ["Europe/Rome", "Asia/Tokyo"]


def test_summer_time_in_ancona_is_seven_hours_behind_ikoma():
    assert (
        format_in_zones(datetime(2018, 10, 3, 8, 0, tzinfo=UTC), ROME_TOKYO)
        == "10:00 CEST · 17:00 JST"
    )


def test_winter_time_in_ancona_is_eight_hours_behind_ikoma():
    assert (
        format_in_zones(datetime(2018, 10, 29, 9, 0, tzinfo=UTC), ROME_TOKYO)
        == "10:00 CET · 18:00 JST"
    )


def test_a_range_is_written_once_per_zone():
    start = datetime(2018, 10, 3, 8, 0, tzinfo=UTC)
    end = datetime(2018, 10, 3, 10, 0, tzinfo=UTC)
    assert format_range_in_zones(start, end, ROME_TOKYO) == "10:00–12:00 CEST · 17:00–19:00 JST"


def test_a_day_change_in_the_partner_zone_is_marked():
    assert (
        format_in_zones(datetime(2018, 10, 3, 16, 0, tzinfo=UTC), ROME_TOKYO)
        == "18:00 CEST · 01:00 JST (+1d)"
    )


def test_zones_with_the_same_offset_are_shown_once():
    moment = datetime(2019, 11, 20, 9, 0, tzinfo=UTC)
    assert (
        format_in_zones(moment, ["Europe/Brussels", "Europe/Rome", "Asia/Tokyo"])
        == "10:00 CET · 18:00 JST"
    )


def test_typed_times_become_utc_with_the_offset_in_force_that_day():
    assert local_to_utc(datetime(2018, 10, 27, 10, 0), "Europe/Rome") == datetime(
        2018, 10, 27, 8, 0, tzinfo=UTC
    )
    assert local_to_utc(datetime(2018, 10, 28, 10, 0), "Europe/Rome") == datetime(
        2018, 10, 28, 9, 0, tzinfo=UTC
    )
    assert local_to_utc(datetime(2018, 10, 28, 10, 0), "Asia/Tokyo") == datetime(
        2018, 10, 28, 1, 0, tzinfo=UTC
    )


def test_a_time_inside_the_spring_gap_does_not_exist():
    assert is_nonexistent(datetime(2019, 3, 31, 2, 30), "Europe/Rome")
    assert not is_nonexistent(datetime(2019, 3, 31, 3, 30), "Europe/Rome")
    assert not is_nonexistent(datetime(2019, 3, 31, 2, 30), "Asia/Tokyo")


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        format_in_zones(datetime(2018, 10, 3, 8, 0), ROME_TOKYO)
