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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("number", nargs="?", type=int, help="the exercise (default: all)")
    args = parser.parse_args()
    solutions = sorted(SOLUTIONS.glob("ex*_*.rs"))
    if args.number is not None:
        solutions = [s for s in solutions if s.name.startswith(f"ex{args.number}_")]
        if not solutions:
            parser.error(f"no solution for exercise {args.number} in {SOLUTIONS}")
    for solution in solutions:
        shutil.copyfile(solution, EXERCISES / solution.name)
        print(f"solved: src/exercises/{solution.name}")
    print("now run: pipenv run progress")
    return 0


if __name__ == "__main__":
    sys.exit(main())
