"""Exercise 2: build_profile(), debug against release. Page: docs/ko/02-profiles.md

The timings are `pipenv run compare`'s: shown, never checked here.
"""

from kit import build_profile


def test_build_profile_names_the_build() -> None:
    assert build_profile() in ("debug", "release")
