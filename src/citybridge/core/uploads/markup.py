"""Anything a browser could take for a page (HTML, XML, SVG) is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citybridge.core.uploads.refusals import _mismatch

if TYPE_CHECKING:
    pass

_MARKUP_WINDOW = 1024  # browsers decide "this is a page" from the first bytes


# Markup that makes a browser run scripts, wherever it sits in the first KB.
_ACTIVE_HTML = (
    b"<html",
    b"<script",
    b"<!doctype html",
    b"<iframe",
    b"<body",
    b"<object",
    b"<embed",
)


# Tags that make a browser sniff a file as HTML when it starts with them (WHATWG MIME sniffing).
_LEADING_HTML = (
    b"<head",
    b"<title",
    b"<style",
    b"<div",
    b"<table",
    b"<font",
    b"<h1",
    b"<br",
    b"<p",
    b"<a",
    b"<b",
    b"<!--",
)


def _sniff_markup(head: bytes) -> str | None:
    """'svg', 'html' or 'xml' if the first KB looks like markup a browser would render."""
    window = head[:_MARKUP_WINDOW].lower()
    if b"<svg" in window:
        return "svg"
    if any(tag in window for tag in _ACTIVE_HTML):
        return "html"
    start = window.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f")
    for tag in _LEADING_HTML:
        if start.startswith(tag) and start[len(tag) : len(tag) + 1] in (
            b" ",
            b">",
            b"\t",
            b"\r",
            b"\n",
            b"",
        ):
            return "html"
    if b"<?xml" in window or b"<!doctype" in window or b"<!entity" in window:
        return "xml"
    if start[:1] == b"<" and start[1:2].isalpha():
        return "xml"
    return None


def _svg_refusal(display_name: str, claimed: str) -> ValidationError:
    if claimed in (".svg", ".svgz", ""):
        return ValidationError(
            _(
                "SVG images are not accepted because they can contain scripts. "
                "Please upload a PNG or JPEG."
            ),
            code="svg",
        )
    return ValidationError(
        _(
            "“%(name)s” is really an SVG image. SVG images are not accepted because they can "
            "contain scripts. Please upload a PNG or JPEG."
        ),
        code="svg",
        params={"name": display_name},
    )


def _markup_refusal(markup: str, display_name: str, claimed: str) -> ValidationError:
    if markup == "svg":
        return _svg_refusal(display_name, claimed)
    if markup == "html":
        mismatch = _mismatch(display_name, claimed, "HTML", code="html")
        return mismatch or ValidationError(
            _(
                "Web pages (HTML) are not accepted because they can contain scripts. "
                "Please upload a PDF instead."
            ),
            code="html",
        )
    mismatch = _mismatch(display_name, claimed, "XML", code="xml")
    return mismatch or ValidationError(
        _(
            "XML and other markup files are not accepted because browsers can run scripts "
            "inside them. Please upload a PDF or plain text instead."
        ),
        code="xml",
    )
