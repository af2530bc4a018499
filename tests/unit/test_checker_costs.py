"""The checkers of untrusted bytes cost a bounded amount whatever the shape of what they read.

A few hundred SVGs and JSON bodies: the reproductions of known attacks (a 5 MiB path, a 5 MiB style
attribute of CSS escapes, a style nested in a style, a DOCTYPE, a megabyte of `{}`) and variants a
seeded generator draws around them (nesting, sizes, escapes, DTDs, namespaces, entity tricks, where
the stream is cut). Each gets its verdict (accepted, or refused with the right code), and its peak
memory (tracemalloc) and CPU time are bounded: 16 MiB, and ten times what a plain file of the same
size costs (with a floor, so that a loaded machine does not fail it).
"""

from __future__ import annotations

import base64
import random
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from customizations.api.http import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    MAX_JSON_KEYS,
    MAX_JSON_NODES,
    decode_object,
)
from customizations.domain import svg
from customizations.domain.files import SVG_MAX_BYTES
from customizations.errors import AppError, ErrorCode

from tests.support.emulators import SAMPLES

MiB = 1 << 20
MAX_PEAK = 16 * MiB
SVG_TIME_FLOOR = 1.0  # seconds of CPU
JSON_TIME_FLOOR = 0.25
REFUSED_SVG = ErrorCode.UNSUPPORTED_MEDIA_TYPE
REFUSED_JSON = ErrorCode.VALIDATION_ERROR

SVG_NS = "http://www.w3.org/2000/svg"
OPEN = f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink"'
INKSCAPE = ' xmlns:i="http://www.inkscape.org/namespaces/inkscape">'
PNG = "data:image/png;base64," + base64.b64encode(SAMPLES[".png"]).decode()


@dataclass(frozen=True)
class Case:
    """One input, the error it must get (None: accepted), and how it reaches the checker."""

    name: str
    data: bytes
    refused: ErrorCode | None
    chunk: int = svg.CHUNK  # the size of the pieces an SVG is read in


def fill(head: str, unit: str, tail: str, size: int = SVG_MAX_BYTES) -> bytes:
    """head, then unit repeated, then tail: size bytes at most."""
    room = size - len((head + tail).encode())
    return (head + unit * (room // len(unit.encode())) + tail).encode()


# ---- SVG: the reproductions, at the largest size an upload may have ----

SVG_REPRODUCTIONS = [
    Case("a 5 MiB path", fill(OPEN + '><path d="', "M1 1", '"/></svg>'), None),
    Case("a 5 MiB embedded PNG", fill(OPEN + f'><image href="{PNG}', "AAAA", '"/></svg>'), None),
    Case(
        "a 5 MiB style attribute of CSS escapes",
        fill(OPEN + '><rect style="', "\\61 ", '"/></svg>'),
        REFUSED_SVG,
    ),
    Case(
        "a 5 MiB style sheet of CSS escapes", fill(OPEN + "><style>", "\\61 ", "</style></svg>"), REFUSED_SVG
    ),
    Case("a 5 MiB style sheet", fill(OPEN + "><style>", ".a{fill:url(#b)}", "</style></svg>"), REFUSED_SVG),
    Case(
        "a 5 MiB path of characters beyond ASCII",
        fill(OPEN + '><path d="', "\U0001f600", '"/></svg>'),
        REFUSED_SVG,
    ),
    Case("5 MiB of 60 KiB paths", fill(OPEN + ">", '<path d="' + "M1 1" * 15_000 + '"/>', "</svg>"), None),
    Case("5 MiB of empty groups", fill(OPEN + ">", "<g/>", "</svg>"), REFUSED_SVG),
    Case(
        "5 MiB of shapes filled by reference",
        fill(OPEN + ">", '<rect fill="url(#a)" x="1"/>', "</svg>"),
        REFUSED_SVG,
    ),
    Case("a 5 MiB comment", fill(OPEN + "><!--", "x", "--></svg>"), REFUSED_SVG),
    Case(
        "a 5 MiB tag of editor attributes", fill(OPEN + INKSCAPE + "<g ", 'i:a="" ', "/></svg>"), REFUSED_SVG
    ),
    Case(
        "5 MiB of comments nested deep",
        fill(OPEN + ">" + "<g>" * 127, "<!---->", "</g>" * 127 + "</svg>"),
        None,
    ),
    Case("a 5 MiB text", fill(OPEN + "><text>", "x &amp; y ", "</text></svg>"), None),
    Case(
        "a style nested in a style",
        (OPEN + "><style><style></style>@import url(https://evil.example/x.css);</style></svg>").encode(),
        REFUSED_SVG,
    ),
    Case(
        "an empty style inside a style",
        (OPEN + "><style>@import url(https://evil.example/x.css);<style/></style></svg>").encode(),
        REFUSED_SVG,
    ),
    Case(
        "a namespaced empty element inside a style",
        (
            OPEN + INKSCAPE + "<style><i:style/>@import url(https://evil.example/x.css);</style></svg>"
        ).encode(),
        REFUSED_SVG,
    ),
    Case("a DOCTYPE", (f"<!DOCTYPE svg>{OPEN}/>").encode(), REFUSED_SVG),
    Case(
        "a DOCTYPE with an internal subset",
        (f"<!DOCTYPE svg [<!ELEMENT svg ANY>]>{OPEN}/>").encode(),
        REFUSED_SVG,
    ),
]

# ---- SVG: generated around them ----

REMOTE = [
    "https://evil.example/x",
    "//evil.example/x",
    "HTTP://EVIL.EXAMPLE/X",
    "javascript:alert(1)",
    "data:image/svg+xml;base64,PHN2Zy8+",
    "\\68ttps://evil.example/x",
    "ht\\74ps://evil.example/x",
]
SHAPES = [
    '<rect x="{n}" y="{n}" width="{n}" height="{n}" fill="#{c}"/>',
    '<circle cx="{n}" cy="{n}" r="{n}" style="fill: url(#g{n}); stroke: #{c}"/>',
    '<path d="M{n} {n} C {n} {n}, {n} {n}, {n} {n} Z" stroke="url( \'#p\' )" i:label="x{n}"/>',
    '<use href="#s{n}" xlink:href=" #s{n}"/>',
    '<text x="{n}">a &lt; b &amp; c &#x41;<tspan dy="{n}">{c}</tspan></text>',
    '<linearGradient id="g{n}"><stop offset="0" stop-color="#{c}"/></linearGradient>',
    '<!-- a comment with <tags> and "quotes" {n} -->',
    "<style><![CDATA[ .c{n} {{ fill: url(#g{n}); font-family: 'Open Sans' }} ]]></style>",
    "<style>.d{n} {{ fill: \\23 {c} }}</style>",
    '<image width="{n}" height="{n}" href="{png}"/>',
]


def shape(rng: random.Random) -> str:
    return rng.choice(SHAPES).format(n=rng.randint(0, 999), c=f"{rng.randrange(1 << 24):06x}", png=PNG)


def drawing(rng: random.Random, size: int, hostile: str = "") -> bytes:
    """A plain drawing of about size bytes, groups nested at random, with hostile placed among them."""
    parts: list[str] = []
    depth, total, placed = 0, 0, not hostile
    while total < size or not placed:
        roll = rng.random()
        if roll < 0.1 and depth < 40:
            parts.append("<g>")
            depth += 1
        elif roll < 0.2 and depth:
            parts.append("</g>")
            depth -= 1
        elif not placed and roll < 0.3:
            parts.append(hostile)
            placed = True
        else:
            parts.append(shape(rng))
        total += len(parts[-1])
    return (OPEN + INKSCAPE + "".join(parts) + "</g>" * depth + "</svg>").encode()


def long_value(rng: random.Random) -> str:
    """An attribute value longer than the part the parser sees, of what such values hold."""
    size = svg.LONG_VALUE + rng.randint(1, 200_000)
    return rng.choice(
        [
            lambda: "M1 1 L2.5,-3e2 " * (size // 15),
            lambda: PNG + ("QUJD" * 18 + rng.choice(["\n", "&#10;", "&#xA;", " "])) * (size // 76),
            lambda: "1 2 3 4 " * (size // 8),
        ]
    )()


def hostile_svg(rng: random.Random) -> str:
    """Something that must be refused, spelled one of many ways."""
    target = rng.choice(REMOTE)
    quote = rng.choice(["", "'", '"', " '"])
    close = quote.strip() if quote.strip() != '"' else ""
    q = quote.replace('"', "&quot;")
    css = rng.choice(
        [
            f"@import url({target});",
            f"@\\69mport '{target}';",
            f"\\40 import '{target}';",
            f".a{{fill:url({quote}{target}{close})}}",
            f".a{{fill:URL( {target} )}}",
            f".a{{fill:u\\72 l({target})}}",
            f".a{{background:image-set('{target}' 1x)}}",
        ]
    )
    inner = rng.choice(
        ["<style/>", "<style></style>", "<svg:style xmlns:svg='" + SVG_NS + "'/>", "<i:style/>"]
    )
    inner = rng.choice([inner, "<i:x/>", "<g/>", "<title>t</title>"])
    return rng.choice(
        [
            lambda: f"<style>{inner}{css}</style>",
            lambda: f"<style>{css}{inner}</style>",
            lambda: f"<style>{css[:3]}<!-- -->{css[3:]}</style>",
            lambda: f"<style><![CDATA[{css}]]></style>",
            lambda: f"<style>{'/* x */ ' * rng.randint(0, 9000)}{css}</style>",
            lambda: f'<rect style="fill:url({q}{target}{close.replace(chr(34), "&quot;")})"/>',
            lambda: f'<rect fill="u\\72l({target})"/>',
            lambda: (
                f'<use href="{rng.choice([" java&#9;script:alert(1)", "&#x26;#x6A;avascript:x", target])}"/>'
            ),
            lambda: f'<image href="data:image/svg+xml;base64,{base64.b64encode(b"<svg/>").decode()}"/>',
            lambda: f'<path d="{long_value(rng)}{rng.choice(["url(#a)", ":", "(", "\\\\", "é", "&amp;"])}"/>',
            lambda: f'<rect style="fill:red;{" " * (svg.LONG_VALUE + 10)}background:url(#a)"/>',
            lambda: rng.choice(["<script>x</script>", "<foreignObject/>", '<set attributeName="x"/>']),
            lambda: rng.choice(['<rect onload="x"/>', '<a href="#a"/>', '<use xlink:show="new"/>']),
            lambda: f"<text>&{rng.choice(['xxe', 'amp', 'lt'])[:3]}x;</text>",
            lambda: "<g>" * 130 + "</g>" * 130,
            lambda: f"<!--{'x' * (svg.MAX_MARKUP_BYTES + 1)}-->",
            lambda: f"<g {' '.join(f'i:a{k}=""' for k in range(svg.MAX_MARKUP_BYTES // 7))}/>",
            lambda: f'<?xml-stylesheet href="{target}"?>',
        ]
    )()


def prolog_svg(rng: random.Random) -> str:
    """A start of document that must be refused: a DTD however spelled, or a foreign encoding."""
    return rng.choice(
        [
            "<!DOCTYPE svg>",
            "<!DOCTYPE svg [ ]>",
            '<!DOCTYPE svg [<!ENTITY x "y">]>',
            '<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://evil.example/p.dtd"> %p;]>',
            '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
            '<!DOCTYPE svg SYSTEM "file:///etc/passwd">',
            '<?xml version="1.0" encoding="UTF-16"?>',
            '<?xml version="1.0" encoding="ISO-2022-JP"?>',
            '<?xml version="1.0" encoding="UTF-7"?>',
        ]
    )


def generated_svgs(count: int, seed: int = 25) -> Iterator[Case]:
    rng = random.Random(seed)
    for index in range(count):
        size = rng.choice([200, 2_000, 20_000, 200_000])
        roll = rng.random()
        if roll < 0.3:
            data = drawing(rng, size, rng.choice(["", f'<path d="{long_value(rng)}"/>']))
            name, refused = "a drawing", None
        elif roll < 0.85:
            data, name, refused = drawing(rng, size, hostile_svg(rng)), "hostile", REFUSED_SVG
        else:
            prolog = rng.choice(["", '<?xml version="1.0"?>', "<!-- x -->", "\n"])
            data = (prolog + prolog_svg(rng)).encode() + drawing(rng, size)
            name, refused = "a prolog", REFUSED_SVG
        chunks = [1, 7, 512, 4096, svg.CHUNK, 100_000]
        chunk = rng.choice(chunks if len(data) < 30_000 else chunks[3:])  # cut anywhere, in reasonable time
        yield Case(f"svg {index}: {name}", data, refused, chunk)


# ---- JSON ----

JSON_REPRODUCTIONS = [
    Case("a megabyte of {}", b'{"text":[' + b",".join([b"{}"] * 349_000) + b"]}", REFUSED_JSON),
    Case("a megabyte of []", b'{"text":[' + b",".join([b"[]"] * 349_000) + b"]}", REFUSED_JSON),
    Case("a megabyte of 0", b'{"text":[' + b",".join([b"0"] * 500_000) + b"]}", REFUSED_JSON),
    Case("a megabyte of keys", b"{" + b",".join(b'"%d":0' % i for i in range(100_000)) + b"}", REFUSED_JSON),
    Case("a megabyte of one string", b'{"notes":"' + b"x" * (MAX_JSON_BYTES - 20) + b'"}', None),
    Case("a megabyte of escapes", b'{"notes":"' + b'\\"' * ((MAX_JSON_BYTES - 20) // 2) + b'"}', None),
    Case("100,000 levels", b"[" * 100_000 + b"]" * 100_000, REFUSED_JSON),
]


def json_value(rng: random.Random, depth: int, budget: list[int]) -> str:
    """A random JSON value nested at most depth deep, taking nodes from budget[0]."""
    budget[0] -= 1
    roll = rng.random()
    if depth > 1 and budget[0] > 2 and roll < 0.3:
        items = [json_value(rng, depth - 1, budget) for _ in range(rng.randint(0, 5)) if budget[0] > 2]
        return rng.choice([" ", "", "\n\t"]).join(["[", ",".join(items), "]"])
    if depth > 1 and budget[0] > 4 and roll < 0.6:
        pairs = []
        for key in range(rng.randint(0, 5)):
            if budget[0] > 4:
                budget[0] -= 1
                pairs.append(f'"k{key}\\"\\u00e9" : {json_value(rng, depth - 1, budget)}')
        return "{" + ",".join(pairs) + "}"
    return rng.choice(["0", "-1.5e3", "true", "null", '""', '"a\\\\b\\"[{"', '"\\ud83d\\ude00"', "{}", "[]"])


def generated_bodies(count: int, seed: int = 25) -> Iterator[Case]:
    rng = random.Random(seed)
    units = [b"{}", b"[]", b"0", b'""', b"null", b"[[]]", b'{"a":{}}', b"true"]
    for index in range(count):
        roll = rng.random()
        if roll < 0.3:
            value = json_value(
                rng, rng.randint(2, MAX_JSON_DEPTH - 1), [rng.randint(10, MAX_JSON_KEYS * 2 - 100)]
            )
            yield Case(f"json {index}: a body", f'{{"v": {value}}}'.encode(), None)
        elif roll < 0.55:
            unit = rng.choice(units)
            sep = rng.choice([b",", b", ", b",\n "])
            count_ = rng.randint(MAX_JSON_NODES, (MAX_JSON_BYTES - 20) // (len(unit) + len(sep)))
            yield Case(
                f"json {index}: too many nodes", b'{"v":[' + sep.join([unit] * count_) + b"]}", REFUSED_JSON
            )
        elif roll < 0.75:
            levels = rng.randint(MAX_JSON_DEPTH + 1, 300_000)
            opening, closing = rng.choice([(b"[", b"]"), (b'{"a":', b"}"), (b"[ ", b" ]")])
            body = b'{"v":' + opening * levels + closing * levels + b"}"
            yield Case(f"json {index}: too deep", body[:MAX_JSON_BYTES], REFUSED_JSON)
        elif roll < 0.85:
            keys = rng.randint(MAX_JSON_KEYS + 1, 60_000)
            yield Case(
                f"json {index}: too many keys",
                b"{" + b",".join(b'"%d":1' % k for k in range(keys)) + b"}",
                REFUSED_JSON,
            )
        elif roll < 0.95:
            body = b'{"v":[' + b"{}," * rng.randint(0, 300_000) + b'"never closed'
            yield Case(f"json {index}: cut short", body[:MAX_JSON_BYTES], REFUSED_JSON)
        else:
            yield Case(
                f"json {index}: duplicate keys",
                b'{"a":1,' + b'"b":[],' * rng.randint(1, 900) + b'"a":2}',
                REFUSED_JSON,
            )


SVG_CASES = [*SVG_REPRODUCTIONS, *generated_svgs(200)]
JSON_CASES = [*JSON_REPRODUCTIONS, *generated_bodies(120)]


def measured(run: Callable[[], object]) -> tuple[ErrorCode | None, float, int]:
    """What run raised (None if nothing), its CPU time and its peak traced memory."""
    tracemalloc.start()
    started = time.process_time()
    try:
        run()
        code = None
    except AppError as refused:
        code = refused.code
    finally:
        cpu, peak = time.process_time() - started, tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return code, cpu, peak


def in_chunks(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.fixture(scope="module")
def plain_costs() -> dict[str, float]:
    """The CPU time of plain input of the largest size: a drawing (timed at a fifth of that size), and
    a body of ordinary fields."""
    rng = random.Random(1)
    plain_drawing = drawing(rng, SVG_MAX_BYTES // 5)
    plain_body = (
        b'{"productId":"mug","quantity":1,"customizationNotes":"' + b"x" * (MAX_JSON_BYTES - 100) + b'"}'
    )
    return {
        "svg": 5 * min(measured(lambda: svg.check_svg_bytes(plain_drawing))[1] for _ in range(2)),
        "json": min(measured(lambda: decode_object(plain_body))[1] for _ in range(2)),
    }


@pytest.mark.parametrize("case", SVG_CASES, ids=[case.name for case in SVG_CASES])
def test_each_svg_gets_its_verdict_in_bounded_time_and_memory(case, plain_costs):
    code, cpu, peak = measured(lambda: svg.check_svg(in_chunks(case.data, case.chunk)))
    assert code is case.refused
    assert peak <= MAX_PEAK, f"{peak / MiB:.1f} MiB"
    assert cpu <= max(10 * plain_costs["svg"], SVG_TIME_FLOOR), f"{cpu:.2f} s"


@pytest.mark.parametrize("case", JSON_CASES, ids=[case.name for case in JSON_CASES])
def test_each_json_body_gets_its_verdict_in_bounded_time_and_memory(case, plain_costs):
    assert len(case.data) <= MAX_JSON_BYTES
    code, cpu, peak = measured(lambda: decode_object(case.data))
    assert code is case.refused
    assert peak <= MAX_PEAK, f"{peak / MiB:.1f} MiB"
    assert cpu <= max(10 * plain_costs["json"], JSON_TIME_FLOOR), f"{cpu:.2f} s"
