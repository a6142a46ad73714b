"""Put the solutions in place (instructor kit only): each solutions/exN_*.rs replaces
src/exercises/exN_*.rs whole.

    pipenv run solve        # every exercise
    pipenv run solve 3      # exercise 3 only

Then `pipenv run progress` rebuilds the module and shows the exercises done. The attendee kit has
neither this folder nor this command.
"""

import argparse
import shutil
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
SOLUTIONS = KIT / "solutions"
EXERCISES = KIT / "src" / "exercises"
TEXT = {
{%- if language == "ko" %}
    "description": "정답을 제자리에 복사합니다(강사용 키트 전용).",
    "help_number": "연습 문제 번호(기본값: 전부)",
    "no_solution": "{solutions}에 {number}번 연습 문제의 정답이 없습니다",
    "solved": "정답 복사: src/exercises/{name}",
    "next": "이제 실행하세요: pipenv run progress",
{%- else %}
    "description": "Put the solutions in place (instructor kit only).",
    "help_number": "the exercise (default: all)",
    "no_solution": "no solution for exercise {number} in {solutions}",
    "solved": "solved: src/exercises/{name}",
    "next": "now run: pipenv run progress",
{%- endif %}
}


def main() -> int:
    parser = argparse.ArgumentParser(description=TEXT["description"])
    parser.add_argument("number", nargs="?", type=int, help=TEXT["help_number"])
    args = parser.parse_args()
    solutions = sorted(SOLUTIONS.glob("ex*_*.rs"))
    if args.number is not None:
        solutions = [s for s in solutions if s.name.startswith(f"ex{args.number}_")]
        if not solutions:
            parser.error(TEXT["no_solution"].format(number=args.number, solutions=SOLUTIONS))
    for solution in solutions:
        shutil.copyfile(solution, EXERCISES / solution.name)
        print(TEXT["solved"].format(name=solution.name))
    print(TEXT["next"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
