"""What the library searches: the text of an approved revision, normalised alike for Arabic
and English, and the same normalisation for what the reader types.

Kept apart from the models so that the migration that fills existing revisions uses it too.
"""

import re
import unicodedata

from reporting import snapshot

# Arabic vowel marks, the dagger alef and the tatweel: typed or not, the word is the same.
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return re.sub(r"\s+", " ", _MARKS.sub("", text)).strip()


def search_text(content: dict, *, names: list[str], translations: list[str] = ()) -> str:
    """One text for the search: the revision's narratives, then the names (organisation,
    subject, in both languages) and the reviewed translations of its narratives."""
    frozen = snapshot.load(content)
    parts = [frozen.narrative(name) for name in snapshot.NARRATIVE_FIELD_NAMES]
    return normalise("\n".join(part for part in [*names, *parts, *translations] if part))
