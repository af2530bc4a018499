"""SVG designs against the allow-list: a table of what is accepted and what is refused, with the
spellings that try to get past a block-list (character references, CSS escapes, white space in a
scheme, processing instructions, nested SVG in a data: URL, animation)."""

import base64

import pytest
from customizations.domain import svg
from customizations.errors import AppError, ErrorCode

from tests.support.emulators import SAMPLES

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
PNG = "data:image/png;base64," + base64.b64encode(SAMPLES[".png"]).decode()
JPEG_AS_PNG = "data:image/png;base64," + base64.b64encode(SAMPLES[".jpg"]).decode()
NESTED_SVG = (
    "data:image/svg+xml;base64," + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"/>').decode()
)
INKSCAPE = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
    ' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"'
    ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" width="210mm" height="297mm" viewBox="0 0 210 297">'
    '<sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="0.35"/>'
    "<metadata><rdf:RDF><cc:Work><dc:format>image/svg+xml</dc:format></cc:Work></rdf:RDF></metadata>"
    '<g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">'
    '<path style="fill:#ff0000;stroke:none" d="M 10,10 H 90 V 90 Z" id="p1"/></g></svg>'
)


def doc(inner: str) -> bytes:
    return (OPEN + inner + "</svg>").encode()


ACCEPTED = {
    "a plain shape": doc('<rect width="9" height="9" fill="#0af"/>'),
    "no xmlns at all": b'<svg width="4" height="4"><circle r="2"/></svg>',
    "an XML declaration and comments": b'<?xml version="1.0" encoding="UTF-8"?><!-- logo -->' + doc("<g/>"),
    "gradients and local references": doc(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>'
        '<rect fill="url(#g)" width="5" height="5"/><use xlink:href="#g"/><use href=" #g"/>'
    ),
    "text on a path": doc(
        '<path id="p" d="M0 0 L9 9"/><text><textPath href="#p">Hi <tspan>there</tspan></textPath></text>'
    ),
    "an embedded PNG": doc(f'<image width="4" height="4" href="{PNG}"/><image xlink:href="{PNG}"/>'),
    "a style sheet with local references": doc(
        '<style><![CDATA[ .a { fill: url(#g); font-family: "Open Sans"; } ]]></style><rect class="a"/>'
    ),
    "filters, clips, masks and patterns": doc(
        '<filter id="f"><feGaussianBlur stdDeviation="2"/><feOffset dx="1"/></filter>'
        '<clipPath id="c"><circle r="4"/></clipPath><mask id="m"><rect width="4" height="4"/></mask>'
        '<pattern id="t" width="2" height="2"><rect width="1" height="1"/></pattern>'
        '<g filter="url(#f)" clip-path="url(#c)" mask="url( \'#m\' )"><rect fill="url(#t)"/></g>'
    ),
    "an Inkscape drawing with its metadata": INKSCAPE.encode(),
    "a path longer than the part the parser sees": doc('<path d="' + "M1 1 L2 2 " * 30_000 + '"/>'),
    "a large embedded PNG, its base64 wrapped": doc(
        f'<image href="{PNG}' + ("A" * 72 + "&#10;\n") * 4000 + '"/>'
    ),
    "a Latin-1 declaration": b'<?xml version="1.0" encoding="ISO-8859-1"?>'
    + (OPEN + "<title>caf\xe9</title></svg>").encode("latin-1"),
}

REFUSED = {
    "a script": doc("<script>alert(1)</script>"),
    "an event handler": doc('<rect onload="alert(1)"/>'),
    "a link": doc('<a xlink:href="javascript:alert(1)"><rect/></a>'),
    "a remote image": doc('<image href="https://evil.example/x.png"/>'),
    "a nested SVG as a data URL": doc(f'<image href="{NESTED_SVG}"/>'),
    "a JPEG that says it is a PNG": doc(f'<image href="{JPEG_AS_PNG}"/>'),
    "a data URL on a use": doc(f'<use href="{PNG}"/>'),
    "a remote sprite": doc('<use xlink:href="http://evil.example/sprite.svg#a"/>'),
    "a scheme split by an encoded tab": doc('<use href="java&#9;script:alert(1)"/>'),
    "a scheme after encoded white space": doc('<use href="&#10; javascript:alert(1)"/>'),
    "a foreign object": doc("<foreignObject><div>hi</div></foreignObject>"),
    "an XHTML element": doc('<html:iframe xmlns:html="http://www.w3.org/1999/xhtml" src="https://x"/>'),
    "a MathML element": doc('<math xmlns="http://www.w3.org/1998/Math/MathML"/>'),
    "an unknown attribute": doc('<rect formaction="https://x"/>'),
    "an xlink attribute other than href": doc('<use xlink:show="new" href="#a"/>'),
    "an imported style sheet": doc("<style>@import url(https://evil.example/x.css);</style>"),
    "an escaped import": doc("<style>\\40 import 'https://evil.example/x.css';</style>"),
    "a remote url() in a style sheet": doc("<style>.a{fill:url( 'https://evil.example/p' )}</style>"),
    "a CSS-escaped url()": doc("<style>.a{fill:u\\72l(https://evil.example/p)}</style>"),
    "an image-set": doc('<style>.a{background:image-set("https://evil.example/a.png" 1x)}</style>'),
    "a prefixed image-set": doc('<style>.a{background:-webkit-image-set("x.png" 1x)}</style>'),
    "a CSS expression": doc("<style>.a{width:expression(alert(1))}</style>"),
    "a remote url() in a style attribute": doc('<rect style="fill: url(https://evil.example/p)"/>'),
    "an escaped remote url() in a style attribute": doc(
        '<rect style="fill: url(\\68ttps://evil.example/p)"/>'
    ),
    "a remote url() in a presentation attribute": doc('<rect fill="url(http://evil.example/#g)"/>'),
    "an animation that sets href": doc(
        '<use href="#a"><set attributeName="href" to="javascript:alert(1)"/></use>'
    ),
    "an animation of anything": doc('<rect><animate attributeName="x" from="0" to="9" dur="1s"/></rect>'),
    "a filter that loads an image": doc('<filter><feImage href="https://evil.example/x.png"/></filter>'),
    "a style nested in a style": doc(
        "<style><style></style>@import url(https://evil.example/x.css);</style>"
    ),
    "an empty style inside a style": doc("<style>@import url(https://evil.example/x.css);<style/></style>"),
    "a namespaced empty element inside a style": doc(
        '<style xmlns:i="http://www.inkscape.org/namespaces/inkscape">'
        "<i:style/>@import url(https://evil.example/x.css);</style>"
    ),
    "an element splitting a style's text": doc(
        "<style>@imp<g>x</g>ort url(https://evil.example/x.css);</style>"
    ),
    "a CSS-escaped url() in a presentation attribute": doc('<rect fill="u\\72l(https://evil.example/p)"/>'),
    "a remote url() past the part the parser sees": doc(
        '<rect style="fill:red;' + " " * 70_000 + 'background:url(https://evil.example/p)"/>'
    ),
    "an encoding in which ASCII bytes mean something else": (
        b'<?xml version="1.0" encoding="ISO-2022-JP"?>' + doc("<g/>")
    ),
    "a style sheet instruction": b'<?xml-stylesheet href="https://evil.example/x.css"?>' + doc("<g/>"),
    "a bare DOCTYPE": b"<!DOCTYPE svg>" + doc("<g/>"),
    "a DOCTYPE with an internal subset": b"<!DOCTYPE svg [<!ELEMENT svg ANY>]>" + doc("<g/>"),
    "a DTD": b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/x.dtd">' + doc("<g/>"),
    "an entity bomb": b'<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + doc("<text>&b;</text>"),
    "an external entity": b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + doc("<text>&x;</text>"),
    "broken XML": b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
    "XML that is not SVG": b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
    "too many elements": doc("<g/>" * (svg.MAX_ELEMENTS + 1)),
    "too deep": doc("<g>" * svg.MAX_DEPTH + "</g>" * svg.MAX_DEPTH),
}


@pytest.mark.parametrize("data", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_plain_drawing_is_accepted(data):
    svg.check_svg_bytes(data)


@pytest.mark.parametrize("data", REFUSED.values(), ids=REFUSED.keys())
def test_anything_active_or_outside_the_allow_list_is_refused(data):
    with pytest.raises(AppError) as refused:
        svg.check_svg_bytes(data)
    assert refused.value.code is ErrorCode.UNSUPPORTED_MEDIA_TYPE


def test_the_check_reads_a_stream_a_chunk_at_a_time():
    data = doc('<rect width="9" height="9"/>' * 5000)
    chunks = [data[i : i + 7] for i in range(0, len(data), 7)]
    svg.check_svg(iter(chunks))
    with pytest.raises(AppError):
        svg.check_svg(iter([*chunks[:-3], b"<script>x</script>", *chunks[-3:]]))


@pytest.mark.parametrize("size", [1, 2, 3, 7, 4096, 65_537])
@pytest.mark.parametrize("name", [*ACCEPTED, *REFUSED][::3])
def test_the_verdict_is_the_same_however_the_stream_is_cut(name, size):
    data = ACCEPTED.get(name) or REFUSED[name]
    chunks = iter([data[i : i + size] for i in range(0, len(data), size)])
    if name in ACCEPTED:
        svg.check_svg(chunks)
    else:
        with pytest.raises(AppError):
            svg.check_svg(chunks)


@pytest.mark.parametrize(
    ("css", "inert"),
    [
        ("fill: url(#g)", True),
        ("fill: url( '#g' ); stroke: url(\"#h\")", True),
        ("font-family: 'x'; /* url(https://x) */", False),  # a comment may only get a style refused
        ("fill: URL(HTTPS://X)", False),
        ("fill: url(data:image/png;base64,AAAA)", False),
        ("fill: u\\rl(https://x)", False),
        ("fill: \\75\\72\\6c(https://x)", False),
        ("background: url(", False),
        ("behavior: url(#a)", False),
    ],
)
def test_css_is_inert_only_with_local_references(css, inert):
    assert svg.css_is_inert(css) is inert
