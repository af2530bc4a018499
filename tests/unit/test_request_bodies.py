"""Request bodies cost a bounded amount whatever their shape or framing: JSON is refused past a budget
of nodes (empty containers count) before the decoder builds anything, and a body sent chunked,
without a Content-Length, is read no further than its cap."""

import io
import os
import time
import tracemalloc

import pytest
from customizations.api import http
from customizations.api.app import MAX_BODY_BYTES, create_app
from customizations.domain.actors import Actor
from customizations.domain.lifecycle import Role
from customizations.errors import AppError, ErrorCode
from werkzeug.wrappers import Request

from tests.support.emulators import SAMPLES
from tests.support.fakes import Stack

MiB = 1 << 20
OWNER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
EMPTY_OBJECTS = b'{"text":[' + b",".join([b"{}"] * 349_000) + b"]}"  # 1 MiB, about 350,000 nodes


def test_a_megabyte_of_empty_objects_is_refused_before_any_is_built():
    assert len(EMPTY_OBJECTS) <= http.MAX_JSON_BYTES
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(AppError) as refused:
            http.decode_object(EMPTY_OBJECTS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.code is ErrorCode.VALIDATION_ERROR
    assert "values and keys" in refused.value.message
    assert peak < 1 * MiB  # the old decoder built every {} first: 45 MiB here
    assert time.process_time() - started < 0.5  # and took 1.7 s of CPU


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        (b'{"a":[' + b",".join([b"[]"] * (http.MAX_JSON_NODES - 3)) + b"]}", True),
        (b'{"a":[' + b",".join([b"[]"] * (http.MAX_JSON_NODES - 2)) + b"]}", False),
        (b'{"a":[' + b",".join([b"null"] * (http.MAX_JSON_NODES - 1)) + b"]}", False),
        (b'{"a":[' + b",".join([b'""'] * (http.MAX_JSON_NODES - 1)) + b"]}", False),
        (b'{"a":' + b"[" * (http.MAX_JSON_DEPTH - 1) + b"]" * (http.MAX_JSON_DEPTH - 1) + b"}", True),
        (b'{"a":' + b"[" * http.MAX_JSON_DEPTH + b"]" * http.MAX_JSON_DEPTH + b"}", False),
        (b'{"a":' + b"[ " * http.MAX_JSON_DEPTH + b"] " * http.MAX_JSON_DEPTH + b"}", False),
        (b'{"a":"' + b'\\"[' * 5000 + b'"}', True),  # brackets and quotes inside a string are text
        (b'{"a":"x' + b"\\\\" * 5000 + b'"}', True),
    ],
    ids=["nodes at the budget", "one past", "nulls", "strings", "depth at the limit", "past", "spaced"]
    + ["brackets in a string", "escapes in a string"],
)
def test_the_node_and_depth_budgets_count_every_value_and_key(body, accepted):
    if accepted:
        assert isinstance(http.decode_object(body), dict)
    else:
        with pytest.raises(AppError) as refused:
            http.decode_object(body)
        assert refused.value.code is ErrorCode.VALIDATION_ERROR


class CountingStream(io.RawIOBase):
    """A request body that counts what the server reads of it: `size` bytes of `fill` after `head`."""

    def __init__(self, head: bytes, fill: bytes, size: int) -> None:
        self.data = head
        self.fill, self.left, self.read_bytes = fill, size - len(head), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if not self.data and self.left > 0:
            self.data = self.fill * max(1, min(self.left, 64 << 10) // len(self.fill))
            self.data, self.left = self.data[: self.left], self.left - len(self.data[: self.left])
        n = min(len(buffer), len(self.data))
        buffer[:n] = self.data[:n]
        self.data = self.data[n:]
        self.read_bytes += n
        return n


@pytest.fixture
def client():
    stack = Stack(OWNER)
    stack.product()
    os.environ.pop("FIREBASE_AUTH_EMULATOR_HOST", None)
    claims = {"uid": OWNER.uid, "role": "customer", "email": OWNER.email}
    return create_app(lambda: stack.services, lambda token, fresh: claims).test_client()


def chunked(client, path, stream, content_type):
    """Send stream as a chunked body: no Content-Length, the server told the input ends by itself."""
    return client.post(
        path,
        headers={"Authorization": "Bearer t", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input": stream, "wsgi.input_terminated": True, "CONTENT_TYPE": content_type},
    )


def test_a_chunked_json_body_past_the_cap_is_refused_as_soon_as_it_passes_it(client):
    stream = CountingStream(b'{"productId":"', b"x", 30 * MiB)
    response = chunked(client, "/customizations", stream, "application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert stream.read_bytes <= http.MAX_JSON_BYTES + http.READ_BYTES  # the old code read all 30 MiB


def test_a_chunked_json_body_within_the_cap_is_read_whole(client):
    body = b'{"productId":"mug","quantity":1,"customizationNotes":"' + b"x" * 4000 + b'"}'
    response = chunked(client, "/customizations", CountingStream(body, b"", len(body)), "application/json")
    assert response.status_code == 201, response.get_json()


def multipart(content: bytes) -> bytes:
    return (
        b'--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncustomer_design\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.svg"\r\n'
        b"Content-Type: image/svg+xml\r\n\r\n" + content + b"\r\n--b--\r\n"
    )


def test_a_chunked_upload_within_its_cap_is_stored(client):
    body = multipart(SAMPLES[".svg"])
    stream = CountingStream(body, b"", len(body))
    response = chunked(client, "/customizations/upload", stream, "multipart/form-data; boundary=b")
    assert response.status_code == 201, response.get_json()


def test_a_chunked_upload_past_the_request_cap_is_refused_as_soon_as_it_passes_it(client):
    head = multipart(b"")[:-10]  # the file part, left open
    stream = CountingStream(head, b"0123456789abcdef", 3 * MAX_BODY_BYTES)
    response = chunked(client, "/customizations/upload", stream, "multipart/form-data; boundary=b")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert stream.read_bytes <= MAX_BODY_BYTES + (1 << 20)


def test_after_the_answer_the_rest_of_a_refused_body_is_read_and_dropped_not_kept():
    stack = Stack(OWNER)
    claims = {"uid": OWNER.uid, "role": "customer", "email": OWNER.email}
    app = create_app(lambda: stack.services, lambda token, fresh: claims)
    kept: list[tuple[int, int]] = []
    answer = app.wsgi_app

    def framework(environ, start_response):  # type: ignore[no-untyped-def]
        # The functions framework reads, once the app answers, whatever it left unread: into memory.
        response = answer(environ, start_response)
        tracemalloc.start()
        try:
            kept.append((len(Request(environ).get_data()), tracemalloc.get_traced_memory()[1]))
        finally:
            tracemalloc.stop()
        return response

    app.wsgi_app = framework  # type: ignore[method-assign]
    stream = CountingStream(b'{"productId":"', b"x", 30 * MiB)
    assert chunked(app.test_client(), "/customizations", stream, "application/json").status_code == 413
    [(size, peak)] = kept
    assert size == 0 and peak < MiB  # the old code kept the 29 MiB the app had not read
    assert stream.read_bytes == 30 * MiB  # read to its end: the connection is left in order


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16", "utf-32"])
def test_a_body_in_another_encoding_than_utf8_is_refused_before_it_is_decoded(encoding):
    """The budgets are counted on UTF-8 bytes: an escaped quote in UTF-16 would throw the count out
    of step and hide 100,000 objects from it, which json.loads would then build from its guess."""
    hidden = ",".join(["{}"] * 100_000)
    body = ('{"a":"\\"", "b":[' + hidden + '], "c":"\\""}').encode(encoding)
    tracemalloc.start()
    try:
        with pytest.raises(AppError) as refused:
            http.decode_object(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.code is ErrorCode.VALIDATION_ERROR
    assert peak < 4 * MiB  # the decoder built 100,000 dicts here when it guessed the encoding
