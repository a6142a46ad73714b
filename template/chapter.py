"""Run one of the course chapter's scripts unchanged, against this kit's module.

    pipenv run chapter main.py           # imports `fibonacci` (exercise 1)
    pipenv run chapter gil_threads.py    # imports `gil` (exercise 3)

The chapter built two projects, `fibonacci` and `gil`; this kit has every exercise in one module.
So that the chapter's scripts need no edit, both names stand here for this kit's module,
`{{module}}`.
"""

import importlib
import runpy
import sys
from pathlib import Path

CHAPTER_MODULES = ["fibonacci", "gil"]
TEXT = {
{%- if language == "ko" %}
    "usage": """챕터의 스크립트를 고치지 않고 이 키트의 모듈로 실행합니다.

    pipenv run chapter main.py           # `fibonacci`를 임포트합니다(1번)
    pipenv run chapter gil_threads.py    # `gil`을 임포트합니다(3번)

챕터에서는 `fibonacci`와 `gil` 두 프로젝트를 만들었지만, 이 키트에서는 모든 연습 문제가 모듈
하나에 들어 있습니다. 챕터의 스크립트를 고치지 않아도 되도록, 두 이름 모두 이 키트의
모듈(`{{module}}`)을 가리킵니다.""",
    "missing": "파일이 없습니다: {script}. 챕터의 스크립트를 먼저 이 폴더에 복사하세요",
{%- else %}
    "usage": (__doc__ or "").strip(),
    "missing": "there is no {script}: copy the chapter's script into this folder first",
{%- endif %}
}


def main() -> int:
    if len(sys.argv) < 2:
        print(TEXT["usage"], file=sys.stderr)
        return 2
    if not Path(sys.argv[1]).is_file():
        print(TEXT["missing"].format(script=sys.argv[1]), file=sys.stderr)
        return 2
    module = importlib.import_module("{{module}}")
    for name in CHAPTER_MODULES:
        sys.modules.setdefault(name, module)
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
