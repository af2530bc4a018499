"""Files judged by their bytes: signatures, names, SVG active content, kinds per role."""

import pytest
from customizations.domain import files
from customizations.domain.lifecycle import Role
from customizations.errors import AppError, ErrorCode

from tests.support.emulators import SAMPLES

DESIGN = files.KINDS[files.UploadKind.DESIGNER_FINAL]
PREVIEW = files.KINDS[files.UploadKind.PREVIEW]


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [
        (".png", "png"),
        (".jpg", "jpeg"),
        (".gif", "gif"),
        (".webp", "webp"),
        (".pdf", "pdf"),
        (".ai", "ai"),
        (".psd", "psd"),
        (".svg", "svg"),
    ],
)
def test_each_accepted_format_is_recognised_by_its_bytes(suffix, fmt):
    assert files.identify(DESIGN, SAMPLES[suffix], f"design{suffix}", None).name == fmt


@pytest.mark.parametrize(
    ("data", "name", "declared"),
    [
        (SAMPLES[".png"], "design.pdf", None),  # bytes say PNG, name says PDF
        (SAMPLES[".pdf"], "design.png", None),
        (b"MZ\x90\x00" + b"\x00" * 60, "design.png", None),  # an executable
        (SAMPLES[".png"], "design.png", "image/jpeg"),  # declared type disagrees
        (SAMPLES[".png"], "design.png.exe", None),  # double extension
        (SAMPLES[".png"], "design", None),  # no extension
        (b"hello world" * 6, "notes.txt", None),
    ],
)
def test_a_file_whose_bytes_name_or_type_disagree_is_unsupported(data, name, declared):
    with pytest.raises(AppError) as caught:
        files.identify(DESIGN, data, name, declared)
    assert caught.value.code is ErrorCode.UNSUPPORTED_MEDIA_TYPE


def test_previews_take_only_raster_images():
    assert files.identify(PREVIEW, SAMPLES[".webp"], "p.webp", "image/webp").name == "webp"
    for suffix in (".pdf", ".svg", ".psd"):
        with pytest.raises(AppError):
            files.identify(PREVIEW, SAMPLES[suffix], f"p{suffix}", None)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\win.png", "win.png"),
        ("in\x00voice.png", "in_voice.png"),
        ("invoice.pdf.png", "invoice_pdf.png"),
        ("Ｄｅｓｉｇｎ.png", "Design.png"),
        ("caf\u00e9 men\u00fc.png", "cafe_menu.png"),
        ("evil\u202egnp.png", "evilgnp.png"),  # the direction override is dropped
        (".hidden.png", "hidden.png"),
        ("....png", "png.png"),
        ("dir/\x01\x02.png", "file.png"),
    ],
)
def test_names_are_made_safe_whatever_the_client_sends(original, expected):
    assert files.safe_name(original, files.FORMATS["png"]) == expected


def test_very_long_names_are_cut_but_keep_their_extension():
    name = files.safe_name("a" * 5000 + ".png", files.FORMATS["png"])
    assert len(name) == 100 and name.endswith(".png")


def test_the_stored_extension_is_the_formats_own():
    assert files.safe_name("photo.JPEG", files.FORMATS["jpeg"]) == "photo.jpg"


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.CUSTOMER, "customer_design", True),
        (Role.CUSTOMER, "preview", True),
        (Role.CUSTOMER, "designer_final", False),
        (Role.DESIGNER, "designer_final", True),
        (Role.DESIGNER, "preview", True),
        (Role.DESIGNER, "customer_design", False),
        (Role.ADMIN, "customer_design", True),
        (Role.ADMIN, "designer_final", True),
    ],
)
def test_each_role_uploads_only_its_kinds(role, kind, allowed):
    if allowed:
        assert files.check_kind(role, kind) is files.UploadKind(kind)
    else:
        with pytest.raises(AppError) as caught:
            files.check_kind(role, kind)
        assert caught.value.code is ErrorCode.FORBIDDEN


def test_an_unknown_kind_is_a_validation_error():
    with pytest.raises(AppError) as caught:
        files.check_kind(Role.ADMIN, "avatar")
    assert caught.value.code is ErrorCode.VALIDATION_ERROR
