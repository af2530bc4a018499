"""SVG designs, checked against an allow-list as a stream: memory bounded by a constant, not the file.

A design SVG may hold shapes, paths, text, gradients, patterns, clips, masks, filters, local
references (`#id`) and embedded raster images as `data:` URIs of the formats we accept, plus the
inert metadata design tools write (Inkscape, Sodipodi, Illustrator, RDF). Anything else is refused:
scripts and event handlers, any reference that leaves the document (whatever its spelling: XML
character references, CSS escapes, white space inside a scheme), animation, foreign objects, DTDs
and entities (refused before the parser sees them).

Two readers share the work. `_Bounds` reads the bytes ahead of the parser: it refuses a DOCTYPE,
bounds every tag, comment and instruction, and passes on no more than LONG_VALUE bytes of any
attribute value, judging the rest itself (it may hold only path data, numbers or base64). The
parser (expat) then sees nothing large at once, and `_Checker` judges each element and attribute
it reports; style sheets are judged as their text arrives (`_Sheet`), never held whole.

It is over 400 lines on purpose: the allow-list, the reader ahead of the parser and the parser's
own checks are one argument about what a file can smuggle in, and each refers to the others'
bounds; split, a reader of one part could not see what the other part already refused.
"""

from __future__ import annotations

import base64
import binascii
import re
import sys
from collections.abc import Iterable
from xml.parsers import expat

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
MAX_MARKUP_BYTES = 256 << 10  # one tag (as the parser sees it), comment or instruction
MAX_CSS_ESCAPES = 10_000  # in all the style sheets and attributes of one file
CHUNK = 64 << 10
LONG_VALUE = CHUNK  # the parser sees about this much of an attribute value; _Bounds judges the rest
# Declared encodings in which every ASCII byte means itself (what _Bounds reads markup by); the
# parser is told the one declared, or UTF-8, so that it never guesses another (UTF-16 by a BOM).
ASCII_ENCODINGS = re.compile(r"utf-?8|(us-)?ascii|iso-8859-\d+|windows-125\d|latin-?1", re.IGNORECASE)
_DECLARED = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")
HEAD = 256  # enough of the start to read the declared encoding from

_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
_CSS_ACTIVE = ("@import", "image-set(", "expression(", "javascript:", "behavior:", "-moz-binding", "src(")
_CSS_ACTIVE_TOKEN = re.compile("|".join(re.escape(token) for token in _CSS_ACTIVE))
_CSS_SIGNS = re.compile(r"[(:@\\]|binding", re.IGNORECASE)  # a value without any is no CSS that acts
_CSS_SPAN = 16  # longer than any token above: what one piece of a sheet keeps for the next
_ESCAPE_SPAN = 8  # the longest CSS escape: a backslash, six hex digits, one white space
# url( whose target (past any quotes) does not start with "#"; possessive, so no quote is given back.
_URL_NOT_LOCAL = re.compile(r"url\(['\"]*+(?!#)")
_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # what a browser drops from inside a URL or a scheme
_SURROGATES = range(0xD800, 0xE000)
_UTF8_CONTINUATION = range(0x80, 0xC0)

# The rest of an attribute value past LONG_VALUE: path data, numbers, lists, base64, white space
# (literal or as a character reference). Nothing that can open a url(, a scheme or an escape.
_LONG_TAIL = re.compile(rb"(?:[A-Za-z0-9+/=.,#%\- \t\r\n]++|&#(?:x0*(?:[aAdD9]|20)|0*(?:9|10|13|32));)*+")
# A tag's names and complete quoted values, up to its end or a value the bytes at hand do not close.
_TAG_RUN = re.compile(rb"[^\"'>]*+(?:\"[^\"]*+\"[^\"'>]*+|'[^']*+'[^\"'>]*+)*+")
# A run of text and markup that ends within the bytes at hand (possessive: matched in linear time).
# What a run holds is no longer than those bytes, so within every bound: only what a chunk's end
# cuts, and a DOCTYPE, take the careful path.
_COMPLETE = re.compile(
    rb"(?:[^<]++"
    rb"|<!--(?:[^-]++|-(?!->))*+-->"
    rb"|<!\[CDATA\[(?:[^\]]++|\](?!\]>))*+\]\]>"
    rb"|<\?(?:[^?]++|\?(?!>))*+\?>"
    rb"|<(?![!?])[^\"'>]*+(?:\"[^\"]*+\"[^\"'>]*+|'[^']*+'[^\"'>]*+)*+>"
    rb")*+"
)
_MARKUP_ENDS = {"comment": b"-->", "instruction": b"?>", "cdata": b"]]>"}
_LONGEST_OPENING = len(b"<![CDATA[")


def unsupported(message: str) -> AppError:
    """The 415 for an SVG that is not plain drawing."""
    return AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message)


def check_svg(chunks: Iterable[bytes]) -> None:
    """Refuse an SVG that holds anything but plain drawing; read as a stream of chunks."""
    bounds, checker, head = _Bounds(), None, b""
    try:
        for chunk in chunks:
            if checker is None:  # the parser is made once the declared encoding can be read
                head += chunk
                if len(head) < HEAD:
                    continue
                checker = _Checker(_encoding(head))
            for piece in bounds.feed(head or chunk):
                checker.feed(piece)
            head = b""
        if checker is None:
            checker = _Checker(_encoding(head))
            for piece in bounds.feed(head):
                checker.feed(piece)
        for piece in bounds.feed(b"", final=True):
            checker.feed(piece)
        checker.close()
    except expat.ExpatError as exc:
        raise unsupported("The SVG is not well-formed XML") from exc
    if not checker.saw_root:
        raise unsupported("The XML document is not an SVG")


def _encoding(head: bytes) -> str:
    """The encoding the parser is told: the one declared if ASCII bytes mean themselves in it, else
    UTF-8 (and the parser's declaration handler refuses any other declared)."""
    declared = _DECLARED.match(head)
    name = declared.group(1).decode() if declared else ""
    return name if ASCII_ENCODINGS.fullmatch(name) else "UTF-8"


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
    return _plain_is_inert(_plain_css(css))


def _plain_css(css: str) -> str:
    """CSS as the checks read it: escapes decoded, white space and control characters dropped, lower case."""
    if "\\" in css:
        css = _CSS_ESCAPE.sub(_unescape, css)
    return _NOISE.sub("", css).lower()


def _plain_is_inert(plain: str) -> bool:
    return _CSS_ACTIVE_TOKEN.search(plain) is None and _URL_NOT_LOCAL.search(plain) is None


def _unescape(found: re.Match[str]) -> str:
    """One CSS escape decoded as CSS does: a code point that cannot be a character is U+FFFD."""
    digits = found.group(1)
    if digits is None:
        return found.group(2)
    code = int(digits, 16)
    return chr(code) if 0 < code <= sys.maxunicode and code not in _SURROGATES else "\ufffd"


def _unfinished_escape(text: str) -> int:
    """Where an escape that the next piece of text may still extend starts in text, or len(text)."""
    last = text.rfind("\\", max(0, len(text) - _ESCAPE_SPAN))
    if last == -1:
        return len(text)
    run = len(text[: last + 1]) - len(text[: last + 1].rstrip("\\"))  # backslashes ending at last
    return last if run % 2 else len(text)  # an even run is pairs: escaped backslashes, complete


class _Sheet:
    """CSS judged as it arrives, a piece at a time, keeping only a few characters between pieces."""

    def __init__(self) -> None:
        self.inert = True
        self.chars = 0
        self._held = ""  # an escape the next piece may still extend
        self._tail = ""  # the last plain characters, for a token split between pieces
        self._awaiting_target = False  # a url( whose target has not begun yet

    def feed(self, text: str, final: bool = False) -> None:
        """Judge the next piece of the sheet."""
        self.chars += len(text)
        text = self._held + text
        cut = len(text) if final else _unfinished_escape(text)
        text, self._held = text[:cut], text[cut:]
        self._scan(_plain_css(text))

    def finish(self) -> None:
        """The sheet has ended: judge what was held back."""
        self.feed("", final=True)
        if self._awaiting_target:
            self.inert = False

    def _scan(self, plain: str) -> None:
        if not plain:
            return
        if self._awaiting_target:
            begun = plain.lstrip("'\"")
            if begun:
                self._awaiting_target = False
                self.inert = self.inert and begun.startswith("#")
        window = self._tail + plain
        if _CSS_ACTIVE_TOKEN.search(window):  # whole tokens in the tail: seen before, no matter
            self.inert = False
        for found in _URL_NOT_LOCAL.finditer(window, max(0, len(self._tail) - 3)):
            if found.end() < len(window):
                self.inert = False
            else:  # url( and quotes at the very end: the target is in the next piece
                self._awaiting_target = True
        self._tail = window[-_CSS_SPAN:]


class _Bounds:
    """Reads the bytes ahead of the parser (UTF-8, or any encoding that keeps ASCII as it is):
    refuses a DOCTYPE, bounds each tag, comment and instruction at MAX_MARKUP_BYTES, and passes on
    the first LONG_VALUE bytes of an attribute value only, judging the rest itself. What it passes
    on is the document, but for the rest of those long values."""

    def __init__(self) -> None:
        self._state = "text"
        self._carry = b""  # bytes whose meaning depends on the next chunk
        self._size = 0  # bytes of the current tag, comment or instruction passed on
        self._quote = b""
        self._value = 0  # bytes of the current attribute value passed on

    def feed(self, chunk: bytes, final: bool = False) -> list[bytes]:
        """The pieces of the next chunk to hand to the parser."""
        out: list[bytes] = []
        for start in range(0, len(chunk), CHUNK):  # a run is never longer than a CHUNK and a carry
            self._feed(chunk[start : start + CHUNK], final and start + CHUNK >= len(chunk), out)
        if not chunk:
            self._feed(b"", final, out)
        return out

    def _feed(self, chunk: bytes, final: bool, out: list[bytes]) -> None:
        data, self._carry = self._carry + chunk, b""
        pos = 0
        while pos < len(data):
            state = self._state
            if state == "text":
                stop = _COMPLETE.match(data, pos).end()  # type: ignore[union-attr]  # matches ""
                out.append(data[pos:stop])
                pos = stop
                if pos < len(data):
                    self._state = "open"
            elif state == "open":
                if len(data) - pos < _LONGEST_OPENING and not final:
                    self._carry = data[pos:]
                    break
                pos = self._open(data, pos, out)
            elif state == "tag":
                pos = self._tag(data, pos, out)
            elif state == "value":
                pos = self._attribute_value(data, pos, out, final)
            else:
                pos = self._markup(data, pos, out, final)
            if self._size > MAX_MARKUP_BYTES:
                raise unsupported(
                    f"SVG tags, comments and instructions are limited to {MAX_MARKUP_BYTES} bytes"
                )

    def _open(self, data: bytes, pos: int, out: list[bytes]) -> int:
        """What a "<" opens: a comment, a CDATA section, an instruction, a tag, or a refused DOCTYPE."""
        self._size = 0
        for state, opening in (("comment", b"<!--"), ("cdata", b"<![CDATA["), ("instruction", b"<?")):
            if data.startswith(opening, pos):
                self._state = state
                out.append(opening)
                self._size = len(opening) if state != "cdata" else 0
                return pos + len(opening)
        if data.startswith(b"<!", pos):
            raise unsupported("SVG with a DOCTYPE, entities or external references is not accepted")
        self._state = "tag"
        return pos

    def _markup(self, data: bytes, pos: int, out: list[bytes], final: bool) -> int:
        """Through a comment, a CDATA section or an instruction, to its end. (CDATA reaches the
        parser as text, a piece at a time, so only comments and instructions count.)"""
        end = _MARKUP_ENDS[self._state]
        found = data.find(end, pos)
        if found == -1:
            stop = len(data) if final else max(pos, len(data) - len(end) + 1)
            self._carry = data[stop:]
        else:
            stop = found + len(end)
            self._state = "text"
        out.append(data[pos:stop])
        if end != b"]]>":
            self._size += stop - pos
        return len(data) if found == -1 else stop

    def _tag(self, data: bytes, pos: int, out: list[bytes]) -> int:
        """Through a tag's names and values to its end, or to a value that goes on past these bytes."""
        stop = _TAG_RUN.match(data, pos).end()  # type: ignore[union-attr]  # matches ""
        if stop < len(data):
            stop += 1
            if data[stop - 1] == ord(">"):
                self._state = "text"
            else:
                self._state, self._quote, self._value = "value", data[stop - 1 : stop], 0
        out.append(data[pos:stop])
        self._size += stop - pos
        return stop

    def _attribute_value(self, data: bytes, pos: int, out: list[bytes], final: bool) -> int:
        """Through an attribute value to its closing quote: the parser gets LONG_VALUE bytes of it
        (cut where neither a character nor a reference is split), the rest is judged here."""
        found = data.find(self._quote, pos)
        stop = len(data) if found == -1 else found
        cut = min(stop, pos + LONG_VALUE - self._value)
        if cut < stop and cut > pos:
            while cut > pos and data[cut] in _UTF8_CONTINUATION:  # not within a character
                cut -= 1
            reference = data.rfind(b"&", max(pos, cut - 12), cut)
            if reference != -1 and data.find(b";", reference, cut) == -1:
                cut = reference
        out.append(data[pos:cut])
        self._size += cut - pos
        self._value += cut - pos
        if cut < stop:
            self._value = LONG_VALUE  # the parser has seen all it will of this value
            tail_end = stop
            if found == -1 and not final:  # keep a reference the next chunk may complete
                reference = data.rfind(b"&", max(cut, stop - 12), stop)
                if reference != -1 and data.find(b";", reference, stop) == -1:
                    tail_end = reference
                    self._carry = data[reference:stop]
            if _LONG_TAIL.fullmatch(data, cut, tail_end) is None:
                raise unsupported(
                    f"SVG attribute values past {LONG_VALUE} bytes may hold only path data, numbers or base64"
                )
        if found == -1:
            return len(data)
        out.append(self._quote)
        self._size += 1
        self._state = "tag"
        return found + 1


class _Checker:
    """Judges each element and attribute as the parser reports it; keeps only the open path."""

    def __init__(self, encoding: str) -> None:
        self.saw_root = False
        self._open: list[str] = []
        self._count = 0
        self._sheet: _Sheet | None = None  # the open <style>'s text so far (a style holds no elements)
        self._escapes = 0
        parser = expat.ParserCreate(encoding=encoding, namespace_separator=" ")
        parser.ordered_attributes = True
        parser.buffer_text = True
        parser.XmlDeclHandler = self._declaration
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self._parser = parser

    def feed(self, piece: bytes) -> None:
        """Parse the next piece of the document."""
        self._parser.Parse(piece, False)

    def close(self) -> None:
        """The document has ended."""
        self._parser.Parse(b"", True)

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        if encoding is not None and not ASCII_ENCODINGS.fullmatch(encoding):
            raise unsupported(f"SVG in {encoding[:40]} is not accepted: send it as UTF-8")

    def _doctype(self, *_: object) -> None:
        raise unsupported("SVG with a DOCTYPE, entities or external references is not accepted")

    def _instruction(self, target: str, data: str) -> None:
        """Refuse <?xml-stylesheet?> and its kind: a processing instruction can load a style sheet."""
        raise unsupported(f"SVG with a <?{target}?> instruction is not accepted")

    def _start(self, name: str, attributes: list[str]) -> None:
        """Judge an element and its attributes as it opens."""
        namespace, _, local = name.rpartition(" ")
        namespace = namespace or SVG  # no xmlns: still judged as SVG
        self._count += 1
        if self._count > MAX_ELEMENTS or len(self._open) >= MAX_DEPTH:
            raise unsupported(f"SVG is limited to {MAX_ELEMENTS} elements nested {MAX_DEPTH} deep")
        if self._sheet is not None:
            raise unsupported("An SVG <style> may hold only text")
        if not self.saw_root:
            if (namespace, local) != (SVG, "svg"):
                raise unsupported("The XML document is not an SVG")
            self.saw_root = True
        inert = namespace in INERT_NAMESPACES  # an editor's element: never rendered, never run
        if not inert and (namespace != SVG or local not in ELEMENTS):
            raise unsupported(f"SVG with <{local}> is not accepted")
        if not inert:
            for index in range(0, len(attributes), 2):
                self._check_attribute(local, attributes[index], attributes[index + 1])
        self._open.append(local)
        if local == "style" and not inert:
            self._sheet = _Sheet()

    def _check_attribute(self, element: str, qualified: str, value: str) -> None:
        namespace, _, name = qualified.rpartition(" ")
        if namespace in INERT_NAMESPACES or namespace == XML:
            return
        if namespace not in ("", XLINK) or (namespace == XLINK and name not in ("href", "title")):
            raise unsupported(f"SVG attribute {name} is not accepted")
        if not namespace and name not in ATTRIBUTES:
            raise unsupported(f"SVG attribute {name} is not accepted")
        if name in URL_ATTRIBUTES and not (_local(value) or (element == "image" and _raster_data_url(value))):
            raise unsupported("SVG may not reference anything outside the document")
        # Presentation attributes are CSS values too (escapes included), so any value may be CSS.
        if _CSS_SIGNS.search(value):
            self._count_escapes(value)
            if not css_is_inert(value):
                raise unsupported("SVG styles may not load anything or run script")

    def _count_escapes(self, css: str) -> None:
        # Each escape is decoded in Python: their number, not the file's size, bounds that cost.
        self._escapes += css.count("\\")
        if self._escapes > MAX_CSS_ESCAPES:
            raise unsupported(f"SVG styles are limited to {MAX_CSS_ESCAPES} escapes")

    def _text(self, content: str) -> None:
        """Judge the text of a <style> as it arrives."""
        if self._sheet is not None:
            self._count_escapes(content)
            self._sheet.feed(content)
            if self._sheet.chars > MAX_STYLE_CHARS:
                raise unsupported("SVG styles are limited in size")

    def _end(self, name: str) -> None:
        """Close an element; a <style> is judged whole here."""
        self._open.pop()
        if self._sheet is not None:
            self._sheet.finish()
            if not self._sheet.inert:
                raise unsupported("SVG styles may not load anything or run script")
            self._sheet = None
