"""Which path ids can name a Firestore document at all (anything else is a 404 before any read)."""

import pytest
from customizations.domain.records import is_document_id


@pytest.mark.parametrize("value", ["abc", "Ab3_-x", "a" * 1500, "é" * 750, "__x", "x__", "___"])
def test_ids_firestore_takes(value):
    assert is_document_id(value)


@pytest.mark.parametrize("value", ["", ".", "..", "a/b", "__name__", "__x__", "____", "a" * 1501, "é" * 751])
def test_ids_firestore_refuses(value):
    assert not is_document_id(value)
