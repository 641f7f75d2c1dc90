"""Which visible text of a page belongs to the other language.

The English catalogue is the dictionary: a Dutch page must not show a text that is the English
translation (msgstr) of an entry whose Dutch (msgid) differs, and an English page must not show a
Dutch msgid whose translation differs. A text that is also a legitimate text of the page's own
language (the same words are a msgid and another entry's msgstr) is not flagged.

What is not checked: scripts and styles; an element marked as the other language (`lang="nl"` on
a covenant quotation on the English site); codes (`code`, `kbd`, `samp`, `pre`) and an element
marked as data with the standard HTML attribute `translate="no"` (names and codes that stay as
they are in both languages). A catalogue entry with placeholders matches with any text in their
place (digits only for a year or a count)."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import lxml.html
import polib

PO = Path(__file__).resolve().parents[2] / "src" / "regiodeal" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# %(name)s, %s, %d, %% and a blocktranslate's %(name)s.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]")
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
# Elements whose whole text is one message, often with a link or an emphasis inside.
WHOLE = frozenset(
    [
        "p",
        "li",
        "td",
        "th",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "label",
        "legend",
        "caption",
        "summary",
        "button",
        "a",
        "option",
        "span",
        "strong",
        "em",
        "q",
        "blockquote",
        "figcaption",
        "div",
    ]
)
WORD = re.compile(r"[^\W\d_]{2,}")


# Placeholders that stand for a number (a year, a count) match digits only.
NUMERIC = re.compile(r"%(?:\((?:year|y|n|count|counter|number|days|weeks|months|times)\))?d?[sd]$")


def _pattern(text: str) -> str:
    out, last = [], 0
    for m in PLACEHOLDER.finditer(text):
        out.append(re.escape(text[last : m.start()]))
        if m.group() == "%%":
            out.append("%")
        else:
            out.append(r"[\d.,]{1,20}" if NUMERIC.match(m.group()) and m.group() != "%s" else ".{1,80}?")
        last = m.end()
    out.append(re.escape(text[last:]))
    return "".join(out)


def normal(text: str) -> str:
    return " ".join(text.split())


class Side:
    """The texts of one language that the other language's pages must not show."""

    def __init__(self, foreign: dict[str, str], own: set[str]):
        self.exact = {t: tr for t, tr in foreign.items() if not PLACEHOLDER.search(t) and t not in own}
        # Entries with placeholders become patterns, indexed by their literal words.
        self.patterns: dict[str, list[tuple[re.Pattern, str, str]]] = {}
        for text, translation in foreign.items():
            if not PLACEHOLDER.search(text):
                continue
            literal = PLACEHOLDER.sub(" ", text)
            words = WORD.findall(literal)
            if sum(len(w) for w in words) < 8:  # "%(a)s: %(b)s" says nothing about language
                continue
            pattern = re.compile(_pattern(text))
            key = max(words, key=len)
            self.patterns.setdefault(key, []).append((pattern, text, translation))
        self.own = own
        self.cache: dict[str, tuple[str, str] | None] = {}

    def match(self, segment: str) -> tuple[str, str] | None:
        """(catalogue entry, its translation) when the segment is text of the other language."""
        if segment in self.cache:
            return self.cache[segment]
        found = None
        if segment in self.exact:
            found = (segment, self.exact[segment])
        elif segment not in self.own:
            for word in set(WORD.findall(segment)):
                for pattern, text, translation in self.patterns.get(word, ()):
                    if pattern.fullmatch(segment):
                        found = (text, translation)
                        break
                if found:
                    break
        self.cache[segment] = found
        return found


class Catalogue:
    """The compiled English catalogue, read once."""

    def __init__(self, path: Path = MO):
        dutch: dict[str, str] = {}
        english: dict[str, str] = {}
        every_dutch: set[str] = set()
        every_english: set[str] = set()
        for entry in polib.mofile(str(path)):
            if not entry.msgid:
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                plural = entry.msgstr_plural
                pairs = [(entry.msgid, plural.get(0, "")), (entry.msgid_plural, plural.get(1, ""))]
            for nl, en in pairs:
                nl, en = normal(nl), normal(en)
                every_dutch.add(nl)
                every_english.add(en)
                if nl and en and nl != en:
                    dutch[nl] = en
                    english[en] = nl
        self.dutch, self.english = dutch, english
        self.every_dutch, self.every_english = every_dutch, every_english

    @cached_property
    def on_english_pages(self) -> Side:
        """Dutch texts that an English page must not show."""
        return Side(self.dutch, own=self.every_english)

    @cached_property
    def on_dutch_pages(self) -> Side:
        """English texts that a Dutch page must not show."""
        return Side(self.english, own=self.every_dutch)

    def side(self, language: str) -> Side:
        return self.on_english_pages if language == "en" else self.on_dutch_pages


def segments(html: bytes | str, language: str) -> set[str]:
    """Every piece of visible text of a page: each text node, each element's whole text, and the
    attributes a reader hears (title, aria-label, alt, placeholder), without scripts, styles,
    text marked as the other language and text marked as data (translate="no")."""
    doc = lxml.html.fromstring(html)
    other = "nl" if language == "en" else "en"
    for element in doc.xpath(
        "//script | //style | //template | //code | //kbd | //samp | //pre | //*[@translate='no']"
        f" | //*[@lang and (@lang='{other}' or starts-with(@lang, '{other}-'))]"
    ):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text after it (its tail)
    found: set[str] = set()
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for piece in (element.text, element.tail):
            if piece and piece.strip():
                found.add(normal(piece))
        if element.tag in WHOLE and len(element):
            whole = normal(element.text_content())
            if len(whole) < 600:
                found.add(whole)
        for name in ATTRIBUTES:
            if element.get(name):
                found.add(normal(element.get(name)))
        if (
            element.tag == "input"
            and (element.get("type") or "") in ("submit", "button")
            and element.get("value")
        ):
            found.add(normal(element.get("value")))
    return {s for s in found if WORD.search(s)}


def foreign_texts(html: bytes | str, language: str, catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """{shown text: (catalogue entry, its translation)} for each text of the other language."""
    side = catalogue.side(language)
    hits = {}
    for segment in segments(html, language):
        hit = side.match(segment)
        if hit:
            hits[segment] = hit
    return hits
