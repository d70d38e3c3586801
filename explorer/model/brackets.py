"""Which citation bracket belongs to a quoted sentence, worked out from the source text itself.

Document 2 (Hun, 2024) puts numbered brackets such as ``[3,4]`` at the end of some sentences,
usually the last one of a paragraph. A quote may show a bracket only when that bracket closes
the quote's own sentence; otherwise the app says the sentence has no citation of its own and
which bracket ends the paragraph. A quote should also be a whole sentence, or mark a cut with
an ellipsis ("…"). Everything here is computed from the text, so teachers' packs get the same
check as the shipped content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
BRACKET = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")
# A sentence ends at . ! or ? (with any closing quote mark), before white space, a capital or the end.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s|[A-Z]|$)")
_PARAGRAPH_BREAK = re.compile(r"(?<=[.!?\]])[\"”’]*[ \t]*\n[ \t]*\n\s*")
_OPENERS = "\"“‘( \t\n"
_TRAILING = re.compile(r"^[\"”’]?\s*(?:\[[^\]]*\]|\([^)]*\))?\s*[.!?]")
_HEADING_MAX = 60


@dataclass(frozen=True)
class SentenceCite:
    """Where a quote sits in its source and which bracket, if any, belongs to its sentence."""

    own: str | None  # the bracket that closes the quote's own sentence, e.g. "[9,10]"
    paragraph: str | None  # the bracket that closes the paragraph, when it is not `own`
    occurrence: int  # which appearance of the passage this describes (1-based)
    occurrences: int  # how many times the passage appears in the source
    starts_sentence: bool  # the quote begins where a sentence begins (or opens with "…")
    ends_sentence: bool  # the quote runs to the end of its sentence (or ends with "…")
    paragraphs: tuple[str | None, ...] = ()  # the bracket ending the paragraph of each appearance

    @property
    def whole(self) -> bool:
        return self.starts_sentence and self.ends_sentence


def fragments(quote: str) -> list[str]:
    """The verbatim pieces of a quote, split at ellipses that mark cuts."""
    return [part for part in ELLIPSIS.split(quote.strip()) if part]


@lru_cache(maxsize=1024)
def _pattern(fragment: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(word) for word in fragment.split()))


def spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Start and end of every appearance of the quote (its pieces in order), in the raw text."""
    parts = fragments(quote)
    if not parts:
        return []
    out = []
    for first in _pattern(parts[0]).finditer(text):
        end = first.end()
        for part in parts[1:]:
            nxt = _pattern(part).search(text, end)
            if nxt is None:
                end = -1
                break
            end = nxt.end()
        if end >= 0:
            out.append((first.start(), end))
    return out


def contains(text: str, quote: str) -> bool:
    """True when the quote (cuts marked with "…") is verbatim in the text, white space aside."""
    return bool(spans(text, quote))


def _sentence_starts(text: str) -> tuple[int, ...]:
    """Where each sentence of a source begins (kept for the last few sources: every quote asks)."""
    return _starts_of(text)


@lru_cache(maxsize=8)
def _starts_of(text: str) -> tuple[int, ...]:
    starts = {0}
    for match in _SENTENCE_END.finditer(text):
        starts.add(match.end())
    offset = 0
    for line in text.splitlines(keepends=True):  # short headings without a full stop
        stripped = line.strip()
        if stripped and len(stripped) < _HEADING_MAX and stripped[-1] not in ".!?,;:—-":
            starts.add(offset + len(line))
        offset += len(line)
    return tuple(sorted(_skip(text, s) for s in starts))


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _OPENERS:
        index += 1
    return index


def _sentence_around(text: str, index: int) -> tuple[int, int]:
    """Start and end (after its full stop) of the sentence holding position `index`."""
    starts = _sentence_starts(text)
    start = max((s for s in starts if s <= index), default=0)
    end = next((s for s in starts if s > index), len(text))
    return start, end


def _closing_bracket(sentence: str) -> str | None:
    match = re.search(r"(\[[^\]]*\])\s*[.!?][\"”’]*\s*$", sentence)
    if match and BRACKET.fullmatch(match.group(1)):
        return re.sub(r"\s+", "", match.group(1))
    return None


def _paragraph_end(text: str, index: int) -> int:
    match = _PARAGRAPH_BREAK.search(text, index)
    return match.start() if match else len(text.rstrip())


def describe(text: str, start: int, end: int, quote: str, occurrence: int, count: int) -> SentenceCite:
    """The bracket rule and the whole-sentence rule for one appearance of a quote."""
    s_start, s_end = _sentence_around(text, max(start, end - 1))
    own = _closing_bracket(text[s_start:s_end])
    paragraph = None
    if own is None:
        p_end = _paragraph_end(text, end)
        last_start, last_end = _sentence_around(text, max(p_end - 1, 0))
        paragraph = _closing_bracket(text[last_start:last_end])
    begins = quote.lstrip().startswith(("…", "..."))
    finishes = quote.rstrip().endswith(("…", "...")) or quote.rstrip()[-1:] in ".!?"
    starts_sentence = begins or _skip(text, start) in _sentence_starts(text)
    ends_sentence = finishes or bool(_TRAILING.match(text[end:s_end].strip() or "."))
    return SentenceCite(own, paragraph, occurrence, count, starts_sentence, ends_sentence)


def sentence_cite(text: str, quote: str) -> SentenceCite | None:
    """The quote's sentence citation; of repeated passages, the appearance whose sentence has one."""
    found = spans(text, quote)
    if not found:
        return None
    described = [describe(text, s, e, quote, n, len(found)) for n, (s, e) in enumerate(found, start=1)]
    chosen = next((d for d in described if d.own), described[0])
    return replace(chosen, paragraphs=tuple(d.paragraph for d in described))


_ORDINAL = {1: "first", 2: "second", 3: "third"}
_TIMES = {2: "twice", 3: "three times"}


def cite_words(cite: SentenceCite) -> str:
    """Plain words for what the document cites on this sentence."""
    if cite.own:
        text = f"citing {cite.own}"
        if cite.occurrences > 1:
            times = _TIMES.get(cite.occurrences, f"{cite.occurrences} times")
            which = _ORDINAL.get(cite.occurrence, f"number {cite.occurrence}")
            text += f" (this sentence appears {times} in the document; {cite.own} closes its {which} appearance)"
        return text
    if cite.occurrences > 1 and any(cite.paragraphs):
        times = _TIMES.get(cite.occurrences, f"{cite.occurrences} times")
        ends = " and ".join(p or "no bracket" for p in cite.paragraphs)
        return (f"no citation on this sentence; it appears {times} in the document, "
                f"in paragraphs that end with {ends}")
    if cite.paragraph:
        return f"no citation on this sentence; the paragraph ends with {cite.paragraph}"
    return "no citation given there"


def uses_brackets(text: str) -> bool:
    """True for a source that cites with numbered brackets."""
    return BRACKET.search(text) is not None


def quote_problems(text: str, quote: str, cites: str | None) -> list[str]:
    """What is wrong with a quote and the bracket written beside it; [] when it is right."""
    cite = sentence_cite(text, quote)
    if cite is None:
        return []  # not verbatim: reported by the verbatim check
    problems = []
    if not cite.starts_sentence:
        problems.append("quote starts mid-sentence; quote the whole sentence or begin with '…'")
    if not cite.ends_sentence:
        problems.append("quote breaks off before its sentence ends; quote the whole sentence or end with '…'")
    if uses_brackets(text):
        written = re.sub(r"\s+", "", cites) if cites else None
        if written != cite.own:
            problems.append(_bracket_message(written, cite))
    return problems


def _bracket_message(written: str | None, cite: SentenceCite) -> str:
    if cite.own is None:
        where = f"the paragraph ends with {cite.paragraph}" if cite.paragraph else "no bracket follows it"
        return f"cites {written} but no bracket closes this sentence in the source ({where}); write cites: null"
    return (f"the sentence is closed by {cite.own} in the source, not {written or 'nothing'}; "
            f"write cites: \"{cite.own}\"")
