"""Run one of the course chapter's scripts unchanged, against this kit's module.

    pipenv run chapter main.py           # imports `fibonacci` (exercise 1)
    pipenv run chapter gil_threads.py    # imports `gil` (exercise 3)

The chapter built two projects, `fibonacci` and `gil`; this kit has every exercise in one module.
So that the chapter's scripts need no edit, both names stand here for this kit's module:

    {{module}}
"""

import importlib
import runpy
import sys

CHAPTER_MODULES = ["fibonacci", "gil"]


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    module = importlib.import_module("{{module}}")
    for name in CHAPTER_MODULES:
        sys.modules.setdefault(name, module)
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
