"""The language this workshop kit speaks: pyproject.toml's `[tool.workshop] language`.

Every script of the kit (progress, compare, chapter, check, solve, preflight) and the exercises'
tests hold their messages in each language the kit knows and print them in this one; the pages
are in docs/<language>/, and src/exercises/mod.rs reads the same setting for the exercises'
NotImplementedError messages. So one kit speaks one language from the first command to the last
exercise, and the instructor kit's offline bundle hands out the same kit in another (its
`--language`).

The standard library only, in Python 3.7's syntax: preflight.py uses it before anything else is
installed.
"""

import re
from pathlib import Path

LANGUAGES = ("en", "ko")


def _language() -> str:
    pyproject = Path(__file__).resolve().parent / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    # A regex rather than tomllib, which Python 3.10 lacks: the one `language` of [tool.workshop].
    found = re.search(r'^\[tool\.workshop\]\n(?:[^\[].*\n)*?language = "(\w+)"', text, re.M)
    if found is None or found.group(1) not in LANGUAGES:
        raise SystemExit(f"{pyproject}: [tool.workshop] language must be one of {LANGUAGES}")
    return found.group(1)


LANGUAGE = _language()
