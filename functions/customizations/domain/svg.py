"""SVG designs, checked against an allow-list as a stream: memory bounded by a constant, not the file.

A design SVG may hold shapes, paths, text, gradients, patterns, clips, masks, filters, local
references (`#id`) and embedded raster images as `data:` URIs of the formats we accept, plus the
inert metadata design tools write (Inkscape, Sodipodi, Illustrator, RDF). Anything else is refused:
scripts and event handlers, any reference that leaves the document (whatever its spelling: XML
character references, CSS escapes, white space inside a scheme), animation, foreign objects, DTDs
and entities (the parser forbids them before it expands anything).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from typing import Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from ..errors import AppError, ErrorCode

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Namespaces of editor metadata that no browser renders or runs.
INERT_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
        "http://ns.adobe.com/Extensibility/1.0/",
        "http://ns.adobe.com/Graphs/1.0/",
        "http://ns.adobe.com/SaveForWeb/1.0/",
        "http://ns.adobe.com/Variables/1.0/",
        "http://www.bohemiancoding.com/sketch/ns",
    }
)

ELEMENTS = frozenset(
    {
        *("svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "view", "style"),
        *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"),
        *("text", "tspan", "textPath"),
        *("linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "image"),
        *("filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix"),
        *("feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood"),
        *("feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode"),
        *("feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile"),
        "feTurbulence",
    }
)
ATTRIBUTES = frozenset(
    {
        # core, structure, geometry
        *("id", "class", "style", "lang", "tabindex", "version", "baseProfile", "viewBox"),
        *("preserveAspectRatio", "x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy"),
        *("r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength", "transform", "href"),
        *("requiredExtensions", "requiredFeatures", "systemLanguage", "media", "type", "title"),
        # presentation
        *("alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color"),
        *("color-interpolation", "color-interpolation-filters", "color-profile", "color-rendering"),
        *("direction", "display", "dominant-baseline", "enable-background", "fill", "fill-opacity"),
        *("fill-rule", "filter", "flood-color", "flood-opacity", "font", "font-family", "font-size"),
        *("font-size-adjust", "font-stretch", "font-style", "font-variant", "font-weight"),
        *("glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering", "kerning"),
        *("letter-spacing", "lighting-color", "marker-end", "marker-mid", "marker-start", "mask"),
        *("mask-type", "opacity", "overflow", "paint-order", "shape-rendering", "stop-color"),
        *("stop-opacity", "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap"),
        *("stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor"),
        *("text-decoration", "text-rendering", "transform-origin", "unicode-bidi", "vector-effect"),
        *("visibility", "word-spacing", "writing-mode", "isolation", "mix-blend-mode"),
        # text
        *("dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side"),
        # gradients, patterns, clips, masks, markers
        *("gradientUnits", "gradientTransform", "spreadMethod", "offset", "patternUnits"),
        *("patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits"),
        *("markerUnits", "markerWidth", "markerHeight", "refX", "refY", "orient"),
        # filters
        *("filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "edgeMode"),
        *("mode", "values", "operator", "k1", "k2", "k3", "k4", "order", "kernelMatrix", "divisor"),
        *("bias", "targetX", "targetY", "preserveAlpha", "surfaceScale", "diffuseConstant"),
        *("specularConstant", "specularExponent", "kernelUnitLength", "scale", "xChannelSelector"),
        *("yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles"),
        *("azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle"),
        *("tableValues", "slope", "intercept", "amplitude", "exponent"),
    }
)
# Attributes whose value is a URL: only a fragment of this document (or, on <image>, an embedded
# raster image) may be named.
URL_ATTRIBUTES = frozenset({"href"})
RASTER_DATA_URL = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([a-z0-9+/=]*)", re.IGNORECASE)

MAX_ELEMENTS = 100_000
MAX_DEPTH = 128
MAX_STYLE_CHARS = 1 << 20
CHUNK = 64 << 10

_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
_CSS_URL = re.compile(r"url\(([^)]*)")  # on text already lowered and without white space
_CSS_ACTIVE = ("@import", "image-set(", "expression(", "javascript:", "behavior:", "-moz-binding", "src(")
_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # what a browser drops from inside a URL or a scheme


def unsupported(message: str) -> AppError:
    """The 415 for an SVG that is not plain drawing."""
    return AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message)


def check_svg(chunks: Iterable[bytes]) -> None:
    """Refuse an SVG that holds anything but plain drawing; read as a stream of chunks."""
    checker = _Checker()
    parser: Any = make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(checker)
    try:
        for chunk in chunks:
            parser.feed(chunk)
        parser.close()
    except DefusedXmlException as exc:
        raise unsupported("SVG with a DOCTYPE, entities or external references is not accepted") from exc
    except SAXException as exc:
        raise unsupported("The SVG is not well-formed XML") from exc
    if not checker.saw_root:
        raise unsupported("The XML document is not an SVG")


def _in_chunks(data: bytes) -> Iterable[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]


def check_svg_bytes(data: bytes) -> None:
    """check_svg for bytes already in memory."""
    check_svg(_in_chunks(data))


def _plain_url(value: str) -> str:
    """A URL as a browser reads it: without the white space and control characters it ignores."""
    return _NOISE.sub("", value).lower()


def _local(url: str) -> bool:
    return _plain_url(url).startswith("#")


def _raster_data_url(value: str) -> bool:
    """A data: URL holding an image of a raster format we accept, whose bytes say so too."""
    from .files import sniff

    found = RASTER_DATA_URL.fullmatch(_NOISE.sub("", value))
    if found is None:
        return False
    try:
        head = base64.b64decode(found.group(2)[:88] + "=" * (-len(found.group(2)[:88]) % 4))
    except (binascii.Error, ValueError):
        return False
    sniffed = sniff(head, "")
    return sniffed is not None and sniffed.name == found.group(1).lower()


def css_is_inert(css: str) -> bool:
    """Whether a style sheet or style attribute loads nothing and runs nothing: with its escapes
    decoded and the white space a browser would skip dropped, every url() is a local #id and no
    other way of loading or scripting appears. (Comments are kept: hiding something in one can
    only get a harmless style refused.)"""
    text = _plain_url(_CSS_ESCAPE.sub(_unescape, css))
    if any(token in text for token in _CSS_ACTIVE):
        return False
    return all(target.strip("'\"").startswith("#") for target in _CSS_URL.findall(text))


def _unescape(found: re.Match[str]) -> str:
    """One CSS escape decoded as CSS does: a code point that cannot be a character is U+FFFD."""
    if found.group(1):
        code = int(found.group(1), 16)
        try:
            return chr(code).encode("utf-8").decode() if code else "\ufffd"
        except (ValueError, UnicodeEncodeError):
            return "\ufffd"
    return found.group(2)


class _Checker(ContentHandler):
    """Judges each element and attribute as the parser reaches it; keeps only the open path."""

    def __init__(self) -> None:
        super().__init__()
        self.saw_root = False
        self._open: list[str] = []
        self._count = 0
        self._style: list[str] | None = None
        self._style_chars = 0

    def processingInstruction(self, target: str, data: str) -> None:
        """Refuse <?xml-stylesheet?> and its kind: a processing instruction can load a style sheet."""
        raise unsupported(f"SVG with a <?{target}?> instruction is not accepted")

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:
        """Judge an element and its attributes as it opens."""
        namespace, local = name
        namespace = SVG if namespace is None else namespace  # no xmlns: still judged as SVG
        self._count += 1
        if self._count > MAX_ELEMENTS or len(self._open) >= MAX_DEPTH:
            raise unsupported(f"SVG is limited to {MAX_ELEMENTS} elements nested {MAX_DEPTH} deep")
        if not self.saw_root:
            if (namespace, local) != (SVG, "svg"):
                raise unsupported("The XML document is not an SVG")
            self.saw_root = True
        inert = namespace in INERT_NAMESPACES  # an editor's element: never rendered, never run
        if not inert and (namespace != SVG or local not in ELEMENTS):
            raise unsupported(f"SVG with <{local}> is not accepted")
        if not inert:
            for (attr_namespace, attr), value in attrs.items():
                self._check_attribute(local, attr_namespace, attr, value)
        self._open.append(local)
        if local == "style" and not inert:
            self._style = []

    def _check_attribute(self, element: str, namespace: str | None, name: str, value: str) -> None:
        if namespace in INERT_NAMESPACES or namespace == XML:
            return
        if namespace not in (None, XLINK) or (namespace == XLINK and name not in ("href", "title")):
            raise unsupported(f"SVG attribute {name} is not accepted")
        if namespace is None and name not in ATTRIBUTES:
            raise unsupported(f"SVG attribute {name} is not accepted")
        if name in URL_ATTRIBUTES and not (_local(value) or (element == "image" and _raster_data_url(value))):
            raise unsupported("SVG may not reference anything outside the document")
        if (name == "style" or "url(" in _plain_url(value)) and not css_is_inert(value):
            raise unsupported("SVG styles may not load anything or run script")

    def characters(self, content: str) -> None:
        """Collect the text of a <style>, to check it whole when it ends."""
        if self._style is not None:
            self._style_chars += len(content)
            if self._style_chars > MAX_STYLE_CHARS:
                raise unsupported("SVG styles are limited in size")
            self._style.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        """Close an element; a <style> is judged whole here."""
        self._open.pop()
        if self._style is not None and name[1] == "style":
            if not css_is_inert("".join(self._style)):
                raise unsupported("SVG styles may not load anything or run script")
            self._style, self._style_chars = None, 0
