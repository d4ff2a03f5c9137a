"""JSON read from a file someone hands us (an import, the CLI), bounded in depth.

Python's json module recurses once per level: a file nested 100,000 deep raises
RecursionError, which is a crash where a refusal is due. The nesting is measured first
(brackets outside strings), without recursion.
"""

import json
import re

MAX_DEPTH = 64  # a session document is about 6 levels deep
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class JsonInputError(ValueError):
    """Not JSON, or JSON deeper than we read."""


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json(text: str, max_depth: int = MAX_DEPTH):
    if nesting_depth(text) > max_depth:
        raise JsonInputError(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except ValueError as exc:  # JSONDecodeError, and a number too long to convert
        raise JsonInputError(str(exc)) from None
