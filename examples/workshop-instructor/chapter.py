"""Run one of the course chapter's scripts unchanged, against this kit's module.

    pipenv run chapter main.py           # imports `fibonacci` (exercise 1)
    pipenv run chapter gil_threads.py    # imports `gil` (exercise 3)

The chapter built two projects, `fibonacci` and `gil`; this kit has every exercise in one module.
So that the chapter's scripts need no edit, both names stand here for this kit's module,
`workshop_instructor`.
"""

import importlib
import runpy
import sys
from pathlib import Path

CHAPTER_MODULES = ["fibonacci", "gil"]
TEXT = {
    "usage": (__doc__ or "").strip(),
    "missing": "there is no {script}: copy the chapter's script into this folder first",
}


def main() -> int:
    if len(sys.argv) < 2:
        print(TEXT["usage"], file=sys.stderr)
        return 2
    if not Path(sys.argv[1]).is_file():
        print(TEXT["missing"].format(script=sys.argv[1]), file=sys.stderr)
        return 2
    module = importlib.import_module("workshop_instructor")
    for name in CHAPTER_MODULES:
        sys.modules.setdefault(name, module)
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
