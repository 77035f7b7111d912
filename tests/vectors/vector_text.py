"""The exact JSON text of a vector file's top-level member, so that a test can hand a door the
input as written (numbers keep their text: ``5000.500`` stays ``5000.500``). Shared by the Python
binding's vector suite and the cross-door identity test, which both put this folder on their path.
"""

from __future__ import annotations

import json


def member_text(text: str, key: str) -> str | None:
    """The text of the top-level member ``key`` of the JSON object ``text``; None when absent."""
    decoder = json.JSONDecoder()
    i = text.index("{") + 1
    while i < len(text):
        while text[i] in " \t\r\n,":
            i += 1
        if text[i] == "}":
            return None
        name, i = decoder.raw_decode(text, i)
        while text[i] in " \t\r\n:":
            i += 1
        start = i
        _, i = decoder.raw_decode(text, i)
        if name == key:
            return text[start:i]
    return None
