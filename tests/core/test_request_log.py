"""Each request is logged once, with an id that the response also carries."""

import json
import logging
import re

import pytest

from citybridge.core.request_log import JsonFormatter

pytestmark = pytest.mark.django_db


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "citybridge.requests"]


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/en/")["X-Request-ID"]
    second = client.get("/en/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_request_id_given_by_the_proxy_is_kept(client):
    response = client.get("/en/", HTTP_X_REQUEST_ID="proxy-7f3a.42")

    assert response["X-Request-ID"] == "proxy-7f3a.42"


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/en/", HTTP_X_REQUEST_ID='bad" id\nforged line')

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_one_line_is_logged_per_request_with_its_id_status_and_client(client, caplog):
    caplog.set_level(logging.INFO, logger="citybridge.requests")

    response = client.get("/en/no-such-page/", REMOTE_ADDR="203.0.113.7")

    [line] = request_lines(caplog)
    assert line.getMessage().startswith("GET /en/no-such-page/ 404 ")
    assert (line.status, line.client) == (404, "203.0.113.7")
    assert line.request_id == response["X-Request-ID"]


def test_json_log_lines_hold_the_request_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="citybridge.requests")
    client.get("/en/", HTTP_X_REQUEST_ID="abc-123")
    [line] = request_lines(caplog)

    entry = json.loads(JsonFormatter().format(line))

    assert entry["request_id"] == "abc-123"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/en/", 200)
    assert entry["level"] == "INFO" and entry["logger"] == "citybridge.requests"


def test_a_proxy_count_reads_the_client_address_from_x_forwarded_for(client, caplog, settings):
    settings.CITYBRIDGE_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="citybridge.requests")

    client.get(
        "/en/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.7",  # the first part is the client's own
    )

    [line] = request_lines(caplog)
    assert line.client == "203.0.113.7"
