"""Control characters: what no generated file holds raw, and their visible escapes.

Upstream text is hostile: a NUL, a terminal escape or a bidirectional override in a
description must not reach any generated file as itself (it hides text, breaks tools that
read lines, or makes source read other than it runs). Emitters write each as its
`\\uXXXX` escape: readable in markdown, and the same character again inside a JSON, YAML
double-quoted or Python string literal. The pipeline refuses any file that still holds one.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab and newline, the Unicode line and paragraph separators, and
the bidirectional embeddings, overrides and isolates."""


def name(char: str) -> str:
    return f"U+{ord(char):04X}"


def visible(text: str) -> str:
    """`text` with every CONTROL character as its `\\uXXXX` escape."""
    return CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
