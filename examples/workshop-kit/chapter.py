"""Run one of the course chapter's scripts, unchanged, against this kit's module.

    pipenv run chapter main.py           # chapter/main.py: imports `fibonacci` (exercise 1)
    pipenv run chapter gil_threads.py    # chapter/gil_threads.py: imports `gil` (exercise 3)

The chapter built two projects, `fibonacci` and `gil`; this kit has every exercise in one module.
So that the chapter's scripts need no edit, both names stand here for this kit's module:

    kit

The two scripts are in chapter/ as the chapter prints them (the second one is the chapter's
threading script, saved as gil_threads.py). Until its exercise is done, a script stops at the
exercise's NotImplementedError, which says what is missing.
"""

import importlib
import io
import runpy
import sys
import threading
from pathlib import Path

from kit_language import LANGUAGE

SCRIPTS = Path(__file__).resolve().parent / "chapter"
CHAPTER_MODULES = ["fibonacci", "gil"]
TEXT = {
    "en": {
        "usage": (__doc__ or "").strip(),
        "missing": "there is no {script}: the chapter's scripts are {scripts} (in chapter/)",
        "not_done": "{script} stopped at an exercise that is not done yet: {error}",
    },
    "ko": {
        "usage": """챕터의 스크립트를 고치지 않고 이 키트의 모듈로 실행합니다.

    pipenv run chapter main.py           # chapter/main.py: `fibonacci`를 임포트합니다(1번)
    pipenv run chapter gil_threads.py    # chapter/gil_threads.py: `gil`을 임포트합니다(3번)

챕터에서는 `fibonacci`와 `gil` 두 프로젝트를 만들었지만, 이 키트에서는 모든 연습 문제가 모듈
하나에 들어 있습니다. 챕터의 스크립트를 고치지 않아도 되도록, 두 이름 모두 이 키트의 모듈을
가리킵니다.

    kit

두 스크립트는 챕터에 실린 그대로 chapter/에 있습니다(두 번째는 챕터의 스레드 예제를
gil_threads.py로 저장한 것입니다). 해당 연습 문제를 풀기 전에는 스크립트가 그 연습 문제의
NotImplementedError에서 멈추고, 무엇을 풀어야 하는지 알려 줍니다.""",
        "missing": "{script} 파일이 없습니다. 챕터의 스크립트는 chapter/ 폴더의 {scripts}입니다",
        "not_done": "{script} 스크립트가 아직 풀지 않은 연습 문제에서 멈췄습니다. {error}",
    },
}[LANGUAGE]


def main() -> int:
    if len(sys.argv) < 2:
        print(TEXT["usage"], file=sys.stderr)
        return 2
    script = Path(sys.argv[1])
    if not script.is_file():
        script = SCRIPTS / script
    if not script.is_file():
        scripts = ", ".join(sorted(p.name for p in SCRIPTS.glob("*.py")))
        print(TEXT["missing"].format(script=sys.argv[1], scripts=scripts), file=sys.stderr)
        return 2
    module = importlib.import_module("kit")
    for name in CHAPTER_MODULES:
        sys.modules.setdefault(name, module)
    name = script.name

    # An exercise not done yet, in the script or in a thread it starts: say so, not a traceback.
    def thread_failed(failure: threading.ExceptHookArgs) -> None:
        if isinstance(failure.exc_value, NotImplementedError):
            print(TEXT["not_done"].format(script=name, error=failure.exc_value), file=sys.stderr)
        else:
            threading.__excepthook__(failure)

    threading.excepthook = thread_failed
    # Whole lines, whichever thread prints: print() writes its text, then the line's end, and on
    # an unbuffered stdout (PYTHONUNBUFFERED, `python -u`) each is a write of its own, between
    # which another thread may print; two threads' lines then share one. Line-buffered, a line
    # reaches the terminal in one write, when its end does.
    sys.stdout.flush()
    sys.stdout = io.TextIOWrapper(
        open(sys.stdout.fileno(), "wb", closefd=False),
        encoding=sys.stdout.encoding,
        errors=sys.stdout.errors,
        line_buffering=True,
    )
    sys.argv = [str(script), *sys.argv[2:]]
    try:
        runpy.run_path(str(script), run_name="__main__")
    except NotImplementedError as error:
        print(TEXT["not_done"].format(script=name, error=error), file=sys.stderr)
        return 1
    finally:
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
