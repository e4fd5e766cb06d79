"""Characters that must not reach the log, PostgreSQL or a reader's terminal (不安全字符).

Names and free texts refuse control characters and the bidirectional
formatting characters that can make a Chinese notice read other than it is
written (a free text keeps tab and line breaks). What is shown back of a
hostile message (a field name, an id) is :func:`escaped` first: PostgreSQL
refuses NUL in ``text`` and ``jsonb`` and lone surrogates in UTF-8.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Refused in a name or title: every control character, line separators, bidi controls.
UNSAFE_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
#: Refused in a free text: as in a name, but tab and line breaks are text.
UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_UNSTORABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")


def escaped(text: str) -> str:
    """``text`` with every control, bidi or lone surrogate character as its ``\\x..``/``\\u....``
    escape: safe to store in PostgreSQL and to print."""
    return _UNSTORABLE.sub(lambda found: found.group().encode("unicode_escape").decode(), text)
