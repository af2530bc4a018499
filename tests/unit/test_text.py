"""What people write is kept as written: every text field of the API takes markup, quotes, ampersands
and the whitespace around them exactly as sent, and refuses control characters (but tab and line
breaks in text of several lines) with VALIDATION_ERROR naming the field. Product names add one
catalogue rule: no < or >."""

import json

import pytest
from customizations.api import schemas
from customizations.api.http import parse_body
from customizations.domain.text import as_one_line, checked
from customizations.errors import AppError, ErrorCode

WRITTEN = 'height < 5 cm & "quoted" <b>bold</b>'
FILE = {
    "url": "https://example.com/f",
    "path": "customizations/u1/designer_final/1_f.png",
    "fileName": "f.png",
    "fileSize": 1,
    "contentType": "image/png",
    "uploadedAt": "2026-01-01T00:00:00Z",
}

# (model, the rest of a valid body, the text field)
TEXT_FIELDS = [
    (schemas.CreateRequestBody, {"productId": "mug", "quantity": 1}, "customizationNotes"),
    (schemas.UploadFinalBody, {"action": "uploadFinal", "designerFinalFile": FILE}, "designerNotes"),
    (schemas.RejectBody, {"action": "reject"}, "reason"),
    (schemas.CancelBody, {"action": "cancel"}, "reason"),
    (schemas.RateBody, {"action": "rate", "stars": 4}, "comment"),
    (schemas.ReleaseBody, {"action": "release"}, "reason"),
    (schemas.MessageBody, {}, "text"),
    (schemas.CommentBody, {"x": 0.5, "y": 0.5}, "text"),
]
NAME_FIELDS = [
    (schemas.ProfilePatchBody, {}, "name"),
    (schemas.DeviceBody, {"token": "t" * 20, "platform": "web"}, "label"),
]
CONTROLS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9f"]


def parsed(model, body):
    return parse_body(model, json.dumps(body).encode())


def refused_field(model, body):
    with pytest.raises(AppError) as error:
        parsed(model, body)
    assert error.value.code is ErrorCode.VALIDATION_ERROR
    return [d["field"] for d in error.value.details]


@pytest.mark.parametrize(("model", "rest", "name"), TEXT_FIELDS + NAME_FIELDS)
def test_each_text_field_keeps_what_was_written_byte_for_byte(model, rest, name):
    for written in (WRITTEN, f"  {WRITTEN} ", "<script>alert(1)</script>", "<<>>", "a  &amp;  b", "\u200b<>"):
        assert getattr(parsed(model, {**rest, name: written}), name) == written


@pytest.mark.parametrize(("model", "rest", "name"), TEXT_FIELDS)
def test_text_of_several_lines_keeps_its_tabs_and_line_breaks(model, rest, name):
    written = "\tindented\r\n\n  - a list < 3 items\n"
    assert getattr(parsed(model, {**rest, name: written}), name) == written


@pytest.mark.parametrize(("model", "rest", "name"), TEXT_FIELDS + NAME_FIELDS)
def test_a_control_character_is_refused_naming_the_field(model, rest, name):
    for control in CONTROLS:
        assert refused_field(model, {**rest, name: f"before{control}after"}) == [name]


@pytest.mark.parametrize(("model", "rest", "name"), NAME_FIELDS)
def test_a_name_is_one_line(model, rest, name):
    for control in ("\n", "\r", "\t"):
        assert refused_field(model, {**rest, name: f"Casey{control}K."}) == [name]


def test_a_lone_surrogate_is_not_text():
    assert refused_field(schemas.MessageBody, {"text": "half \ud800 a character"})
    with pytest.raises(ValueError):
        checked("half \ud800 a character")


@pytest.mark.parametrize(
    ("model", "rest", "name"),
    [
        (schemas.CreateRequestBody, {"productId": "mug", "quantity": 1}, "customizationNotes"),
        (schemas.RejectBody, {"action": "reject"}, "reason"),
        (schemas.ReleaseBody, {"action": "release"}, "reason"),
        (schemas.MessageBody, {}, "text"),
        (schemas.CommentBody, {"x": 0.5, "y": 0.5}, "text"),
        (schemas.ProfilePatchBody, {}, "name"),
    ],
)
def test_required_text_that_is_only_whitespace_is_refused(model, rest, name):
    for blank in ("", " ", "\n\t \r\n"):
        assert refused_field(model, {**rest, name: blank}) == [name]


def test_a_product_name_is_one_line_as_written_without_angle_brackets():
    for model, rest in ((schemas.CreateProductBody, {}), (schemas.UpdateProductBody, {})):
        assert parsed(model, {**rest, "name": ' Mug "large" & 5 cm '}).name == ' Mug "large" & 5 cm '
        for refused in (WRITTEN, "Mug >", "Mug\nlarge", "Mug\x00", " "):
            assert refused_field(model, {**rest, "name": refused}) == ["name"]


def test_text_quoted_in_a_notice_is_one_line_as_written_without_controls():
    assert as_one_line(f"{WRITTEN}\nnext\tline\x00\x1b", 200) == f"{WRITTEN} next line"
    assert as_one_line("x" * 300, 200) == "x" * 200
