"""Put the solutions in place (instructor kit only): each solutions/exN_*.rs replaces
src/exercises/exN_*.rs whole, and the stub it replaces is kept, so that `--undo` puts it back.

    {{solve_command}}             # every exercise
    {{solve_command}} 3           # exercise 3 only
    {{solve_command}} --undo      # the stubs back, as the attendees get them (or --undo 3)

Then `{{progress_command}}` rebuilds the module and shows the exercises done. The attendee kit has
neither this folder nor this command.
"""

import argparse
import shutil
import sys
from pathlib import Path

from kit_language import LANGUAGE

KIT = Path(__file__).resolve().parent.parent
SOLUTIONS = KIT / "solutions"
EXERCISES = KIT / "src" / "exercises"
# The stubs that the solutions replaced, as they were.
STUBS = SOLUTIONS / "stubs"
TEXT = {
    "en": {
        "description": "Put the solutions in place (instructor kit only).",
        "help_number": "the exercise (default: all)",
        "help_undo": "put the stubs back instead",
        "no_solution": "no solution for exercise {number} in {solutions}",
        "solved": "solved: src/exercises/{name}",
        "undone": "the stub again: src/exercises/{name}",
        "no_stub": "src/exercises/{name} holds no solution of solve's: left as it is",
        "next": "now run: {{progress_command}}",
    },
    "ko": {
        "description": "정답 파일을 연습 문제 파일 자리에 복사합니다(강사용 키트 전용).",
        "help_number": "연습 문제 번호(기본값: 전부)",
        "help_undo": "정답 대신 원래 스텁으로 되돌립니다",
        "no_solution": "{solutions}에 {number}번 연습 문제의 정답이 없습니다",
        "solved": "정답 복사: src/exercises/{name}",
        "undone": "스텁 복원: src/exercises/{name}",
        "no_stub": "src/exercises/{name}에는 solve가 넣은 정답이 없어서 그대로 둡니다",
        "next": "이제 다음 명령을 실행하세요: {{progress_command}}",
    },
}[LANGUAGE]


def main() -> int:
    parser = argparse.ArgumentParser(description=TEXT["description"])
    parser.add_argument("number", nargs="?", type=int, help=TEXT["help_number"])
    parser.add_argument("--undo", action="store_true", help=TEXT["help_undo"])
    args = parser.parse_args()
    solutions = sorted(SOLUTIONS.glob("ex*_*.rs"))
    if args.number is not None:
        solutions = [s for s in solutions if s.name.startswith(f"ex{args.number}_")]
        if not solutions:
            parser.error(TEXT["no_solution"].format(number=args.number, solutions=SOLUTIONS))
    for solution in solutions:
        exercise, stub = EXERCISES / solution.name, STUBS / solution.name
        if args.undo:
            if stub.exists():
                shutil.move(stub, exercise)
                print(TEXT["undone"].format(name=solution.name))
            else:
                print(TEXT["no_stub"].format(name=solution.name))
            continue
        if not stub.exists():
            STUBS.mkdir(exist_ok=True)
            shutil.copyfile(exercise, stub)
        shutil.copyfile(solution, exercise)
        print(TEXT["solved"].format(name=solution.name))
    print(TEXT["next"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
