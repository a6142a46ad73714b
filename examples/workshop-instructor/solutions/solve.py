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
    "description": "Put the solutions in place (instructor kit only).",
    "help_number": "the exercise (default: all)",
    "no_solution": "no solution for exercise {number} in {solutions}",
    "solved": "solved: src/exercises/{name}",
    "next": "now run: pipenv run progress",
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
