"""Which names spell the canonical identifier another way, and the fix.

A name is split into words on ``_`` and camelCase humps (``subIDs`` is
``sub`` and ``IDs``), and the words are compared lower-cased. A span of
consecutive words that spells the canonical words in order, each in
full or abbreviated, possibly run together (``subid``) and with an
``s`` for the plural on the last word, is a mention of the identifier.
A mention is a variant unless it is written exactly as the canonical
name (``subscription_id``, ``SUBSCRIPTION_ID`` or, inside a CapWords
class name, ``SubscriptionId``).

Abbreviations of a canonical word of at least four letters are derived
by one rule. An abbreviation is the word's first ``p >= 1`` letters
followed by the start of the consonant skeleton of the rest, which is
its consonants with a doubled letter kept once. It has at least three
letters and is shorter than the word. A plain truncation must drop at
least two letters, so ``use`` does not abbreviate ``user``. For
``subscription`` this gives ``sub``, ``subs``, ``subscr``, ``sbscr``,
``subscrptn`` and the like, for ``user`` it gives ``usr``, and for
``message`` it gives ``msg``. Irregular forms (``acct``, ``pwd``,
``sid``) are added with ``extra-variants``.
"""

import re
from functools import cache
from typing import NamedTuple

VOWELS = frozenset("aeiou")
MIN_ABBREVIATION = 3
# A truncation must drop at least this many letters of the word.
MIN_TRUNCATED = 2

# One word of a name: an acronym plural (``IDs``), an acronym before a
# capitalised word (``HTTP`` in ``HTTPServer``), a capitalised or lower
# word, a trailing acronym, digits, or any other single letter.
_WORD = re.compile(
    r"[A-Z]{2,}s(?![^\W\d_A-Z])"
    r"|[A-Z]+(?=[A-Z][^\W\d_A-Z])"
    r"|[A-Z]?[^\W\d_A-Z]+"
    r"|[A-Z]+"
    r"|\d+"
    r"|[^\W_]"
)
_HUMP = re.compile(r"[^\W_A-Z][A-Z]")


class Word(NamedTuple):
    """One word of a name: its text as written and its offsets."""

    text: str
    start: int
    end: int


def split_words(name: str) -> tuple[Word, ...]:
    """Split ``name`` on underscores and camelCase humps."""
    return tuple(
        Word(match.group(), match.start(), match.end())
        for match in _WORD.finditer(name)
    )


def skeleton(letters: str) -> str:
    """Return the consonants of ``letters``, a doubled letter kept once."""
    kept: list[str] = []
    for letter in letters:
        if letter in VOWELS or (kept and kept[-1] == letter):
            continue
        kept.append(letter)
    return "".join(kept)


@cache
def is_abbreviation(candidate: str, word: str) -> bool:
    """Return whether lower-case ``candidate`` abbreviates ``word``."""
    if len(candidate) < MIN_ABBREVIATION or len(candidate) >= len(word):
        return False
    if word.startswith(candidate):
        return len(word) - len(candidate) >= MIN_TRUNCATED
    for kept in range(1, len(candidate)):
        if candidate[:kept] != word[:kept]:
            break
        if skeleton(word[kept:]).startswith(candidate[kept:]):
            return True
    return False


class Pattern(NamedTuple):
    """The words one spelling of the identifier is made of; the canonical
    pattern also accepts abbreviations of its words."""

    words: tuple[str, ...]
    abbreviates: bool

    def spells(self, piece: str, index: int) -> bool:
        word = self.words[index]
        if piece == word:
            return True
        return self.abbreviates and is_abbreviation(piece, word)


class Piece(NamedTuple):
    """The part of a name word that spells one pattern word."""

    word: int
    start: int
    end: int


class Mention(NamedTuple):
    """Consecutive name words ``first`` to ``last`` that spell the
    identifier; ``pieces`` has one entry per pattern word."""

    first: int
    last: int
    pieces: tuple[Piece, ...]
    plural: bool
    canonical_pattern: bool


class Variant(NamedTuple):
    """A name that spells the identifier another way: ``spelling`` is
    the variant part as written and ``suggestion`` the whole name as it
    should be."""

    name: str
    spelling: str
    suggestion: str


class VariantFinder:
    """Finds variants of one canonical name (snake_case) and its extras."""

    def __init__(self, canonical: str, extra_variants: tuple[str, ...] = ()) -> None:
        self.canonical = canonical
        self.canonical_words = tuple(canonical.split("_"))
        patterns = [Pattern(self.canonical_words, abbreviates=True)]
        for extra in extra_variants:
            words = tuple(word.text.lower() for word in split_words(extra))
            if words and words != self.canonical_words:
                patterns.append(Pattern(words, abbreviates=False))
        self.patterns = tuple(patterns)
        # Every mention, lower-cased, contains one spelling of each word
        # in order with at most underscores between them. Most names and
        # most files fail this one search, which skips the word analysis.
        self.prefilter = re.compile(
            "|".join(_pattern_regex(pattern) for pattern in self.patterns)
        )
        self.variant = cache(self._variant)

    def _variant(self, name: str) -> Variant | None:
        if self.prefilter.search(name.lower()) is None:
            return None
        words = split_words(name)
        lowered = tuple(word.text.lower() for word in words)
        mentions = self._mentions(lowered)
        variants = [m for m in mentions if not self._is_canonical(name, words, m)]
        if not variants:
            return None
        first = variants[0]
        spelling = name[words[first.first].start : words[first.last].end]
        suggestion = _render(name, words, mentions, variants, self.canonical_words)
        return Variant(name, spelling, suggestion)

    def _mentions(self, lowered: tuple[str, ...]) -> list[Mention]:
        mentions: list[Mention] = []
        index = 0
        while index < len(lowered):
            mention = self._mention_at(lowered, index)
            if mention is None:
                index += 1
                continue
            mentions.append(mention)
            index = mention.last + 1
        return mentions

    def _mention_at(self, lowered: tuple[str, ...], first: int) -> Mention | None:
        for pattern in self.patterns:
            found = _spell(pattern, lowered, 0, first, 0, ())
            if found is not None:
                pieces, plural = found
                return Mention(
                    first=first,
                    last=pieces[-1].word,
                    pieces=pieces,
                    plural=plural,
                    canonical_pattern=pattern is self.patterns[0],
                )
        return None

    def _is_canonical(
        self, name: str, words: tuple[Word, ...], mention: Mention
    ) -> bool:
        """Return whether the mention is written as the canonical name."""
        if not mention.canonical_pattern:
            return False
        whole_words = all(
            piece.word == mention.first + index and piece.start == 0
            for index, piece in enumerate(mention.pieces)
        )
        if not whole_words or mention.last - mention.first + 1 != len(
            self.canonical_words
        ):
            return False
        text = name[words[mention.first].start : words[mention.last].end]
        plural = "s" if mention.plural else ""
        if text in (self.canonical + plural, (self.canonical + plural).upper()):
            return True
        if not is_cap_words(name):
            return False
        written = [
            words[mention.first + i].text for i in range(len(self.canonical_words))
        ]
        if mention.plural:
            if not written[-1].endswith("s"):
                return False
            written[-1] = written[-1][:-1]
        return all(
            _is_cap_word(text, word)
            for text, word in zip(written, self.canonical_words, strict=True)
        )


def spellings(word: str) -> set[str]:
    """Return ``word`` and every abbreviation of it."""
    found = {word}
    for kept in range(1, len(word)):
        consonants = skeleton(word[kept:])
        for taken in range(len(consonants) + 1):
            candidate = word[:kept] + consonants[:taken]
            if is_abbreviation(candidate, word):
                found.add(candidate)
    return found


def _pattern_regex(pattern: Pattern) -> str:
    parts = []
    for word in pattern.words:
        options = spellings(word) if pattern.abbreviates else {word}
        longest_first = sorted(options, key=lambda option: (-len(option), option))
        parts.append("(?:" + "|".join(map(re.escape, longest_first)) + ")")
    return "_*".join(parts)


def _spell(
    pattern: Pattern,
    lowered: tuple[str, ...],
    index: int,
    word: int,
    start: int,
    pieces: tuple[Piece, ...],
) -> tuple[tuple[Piece, ...], bool] | None:
    """Spell pattern words from ``index`` on, starting in name word
    ``word`` at ``start``, trying longer pieces first.

    Return the pieces and whether a plural ``s`` follows the last one,
    or None when the words cannot be spelled from there.
    """
    text = lowered[word]
    last = index == len(pattern.words) - 1
    for end in range(len(text), start, -1):
        if not pattern.spells(text[start:end], index):
            continue
        spelled = (*pieces, Piece(word, start, end))
        rest = text[end:]
        if last:
            if rest in ("", "s"):
                return spelled, rest == "s"
            continue
        if rest:
            found = _spell(pattern, lowered, index + 1, word, end, spelled)
        elif word + 1 < len(lowered):
            found = _spell(pattern, lowered, index + 1, word + 1, 0, spelled)
        else:
            found = None
        if found is not None:
            return found
    return None


def is_cap_words(name: str) -> bool:
    """Return whether ``name`` is CapWords, like ``SubscriptionId``."""
    core = name.strip("_")
    return bool(core) and core[0].isupper() and "_" not in core and not core.isupper()


def _is_cap_word(written: str, word: str) -> bool:
    # PEP 8 writes acronyms in CapWords in capitals, so ``ID`` is as
    # canonical as ``Id``; longer words are capitalised.
    return written == word.capitalize() or (len(word) <= 2 and written == word.upper())


def _render(
    name: str,
    words: tuple[Word, ...],
    mentions: list[Mention],
    variants: list[Mention],
    canonical: tuple[str, ...],
) -> str:
    """Return ``name`` with every variant mention spelled canonically.

    A snake_case, UPPER_CASE or CapWords name keeps its style. A
    camelCase or mixed name becomes snake_case as a whole, because the
    canonical name is snake_case and ``subscriptionId`` is a variant.
    """
    letters = [char for char in name if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        style = "upper"
    elif is_cap_words(name):
        style = "cap_words"
    elif _HUMP.search(name):
        return _to_snake_case(name, words, mentions, canonical)
    else:
        style = "snake"
    pieces: list[str] = []
    position = 0
    for mention in variants:
        start = words[mention.first].start
        pieces.append(name[position:start])
        pieces.append(_spell_canonical(style, words, mention, canonical))
        position = words[mention.last].end
    pieces.append(name[position:])
    return "".join(pieces)


def _spell_canonical(
    style: str, words: tuple[Word, ...], mention: Mention, canonical: tuple[str, ...]
) -> str:
    plural = "s" if mention.plural else ""
    if style == "snake":
        return "_".join(canonical) + plural
    if style == "upper":
        return "_".join(canonical).upper() + plural.upper()
    spelled = [word.capitalize() for word in canonical]
    if mention.canonical_pattern:
        # Keep a word the name already spells in full, such as ``ID``.
        for index, piece in enumerate(mention.pieces):
            written = words[piece.word].text[piece.start : piece.end]
            if _is_cap_word(written, canonical[index]):
                spelled[index] = written
    if mention.plural:
        spelled.append(words[mention.last].text[-1])
    return "".join(spelled)


def _to_snake_case(
    name: str,
    words: tuple[Word, ...],
    mentions: list[Mention],
    canonical: tuple[str, ...],
) -> str:
    by_first = {mention.first: mention for mention in mentions}
    parts: list[str] = [name[: len(name) - len(name.lstrip("_"))]]
    index = 0
    previous_end: int | None = None
    while index < len(words):
        word = words[index]
        if previous_end is not None:
            separator = name[previous_end : word.start]
            parts.append(separator or ("" if word.text.isdigit() else "_"))
        mention = by_first.get(index)
        if mention is None:
            parts.append(word.text.lower())
            last = index
        else:
            parts.append("_".join(canonical) + ("s" if mention.plural else ""))
            last = mention.last
        previous_end = words[last].end
        index = last + 1
    parts.append(name[len(name.rstrip("_")) :] if words else "")
    return "".join(parts)


@cache
def finder(canonical: str, extra_variants: tuple[str, ...]) -> VariantFinder:
    return VariantFinder(canonical, extra_variants)
