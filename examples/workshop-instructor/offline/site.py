"""The course as a site (instructor kit only): the exercises' pages, a front page with the ladder
and the chapter's scripts, built into a folder that works opened from disk, with nothing fetched
from the network.

    pipenv run site                    # dist/site/, in the kit's language
    pipenv run site --language both    # dist/site/en/ and dist/site/ko/, and a page for each
    pipenv run site --out DIR          # somewhere else

`pipenv run bundle` builds the same site into the kit it hands out (site/), so attendees need
no generator. The generator is zensical 0.1.2 (PyPI), installed the first time
(online) with uv into a virtualenv of its own, dist/zensical-0.1.2/, which later
builds reuse. Why zensical: its search finds Korean words as well as English ones, and its site
works opened from disk, once iframe-worker-shim.js (beside this file) stands in for the Web
Worker that a browser refuses to start from file://. mdBook's search drops every Hangul word.

The front page and the chapter's page are written at build time: the ladder from progress.py's
EXERCISES, the scripts from chapter/. Korean text needs a CJK font on the reader's computer
(Windows and macOS have one; Debian and Ubuntu: fonts-noto-cjk): the site ships none.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from progress import EXERCISES, Exercise

from kit_language import LANGUAGE, LANGUAGES

KIT = Path(__file__).resolve().parent.parent
ZENSICAL = "zensical==0.1.2"
# The generator's own virtualenv: dist/ is not handed out, and a second build reuses it.
GENERATOR = KIT / "dist" / "zensical-0.1.2"
SHIM = Path(__file__).resolve().parent / "iframe-worker-shim.js"
# uv: the kit's own (a pipenv kit has it in its virtualenv), or the one that runs this script.
UV = [os.environ["UV"]] if "UV" in os.environ else [sys.executable, "-m", "uv"]
TEXT = {
    "en": {
        "site_name": "workshop-instructor: the workshop",
        "intro": "Write Python extension modules in Rust, with PyO3 and maturin: one exercise at a "
        "time, each a Rust function that Python calls, with its tests and its page.",
        "ladder": "The exercises",
        "columns": "| # | exercise | what it teaches |",
        "work": "How to work",
        "work_text": "In the kit's folder, `pipenv run progress` rebuilds the module, runs every "
        "exercise's tests and shows each exercise as `todo`, `failing` or `done`, with the page to "
        "read next. `pipenv run progress --watch` runs it again at every save of a Rust file or "
        "a test, and shows the first exercise not done with its failure or the build's error "
        "(Ctrl-C stops it). `pipenv run progress 3` shows exercise 3's tests in full.",
        "chapter": "The chapter's scripts",
        "chapter_link": "The two scripts of the course chapter run unchanged against the kit's "
        "module: [the chapter's scripts](chapter.md).",
        "chapter_intro": "The course chapter's scripts are in the kit's `chapter/` folder, as the "
        "chapter prints them. `pipenv run chapter` runs one against the kit's module, which "
        "stands for the chapter's `fibonacci` and `gil`. Until its exercise is done, a script "
        "stops at the exercise's `NotImplementedError`, which says what is missing.",
        "both": "The workshop's pages in English and in Korean:",
    },
    "ko": {
        "site_name": "workshop-instructor: 워크숍",
        "intro": "PyO3와 maturin으로 파이썬 확장 모듈을 러스트로 작성합니다. 연습 문제마다 "
        "파이썬이 호출하는 러스트 함수 하나와 그 테스트, 페이지가 있습니다.",
        "ladder": "연습 문제",
        "columns": "| 번호 | 연습 문제 | 배우는 것 |",
        "work": "진행 방법",
        "work_text": "키트 폴더에서 `pipenv run progress`를 실행하면 모듈을 다시 빌드하고 "
        "모든 연습 문제의 테스트를 실행해, 연습 문제마다 `todo`, `failing`, `done`과 다음에 읽을 "
        "페이지를 보여 줍니다. `pipenv run progress --watch`는 러스트 파일이나 테스트를 저장할 "
        "때마다 다시 실행해서, 아직 끝나지 않은 첫 연습 문제와 그 실패 내용이나 빌드 에러를 "
        "보여 줍니다(Ctrl-C로 멈춥니다). `pipenv run progress 3`은 3번 테스트의 출력을 전부 "
        "보여 줍니다.",
        "chapter": "챕터의 스크립트",
        "chapter_link": "강의 챕터의 스크립트 두 개를 고치지 않고 키트의 모듈로 실행합니다: "
        "[챕터의 스크립트](chapter.md).",
        "chapter_intro": "강의 챕터의 스크립트는 챕터에 실린 그대로 키트의 `chapter/` 폴더에 "
        "있습니다. `pipenv run chapter`는 챕터의 `fibonacci`와 `gil` 대신 키트의 모듈로 "
        "스크립트를 실행합니다. 해당 연습 문제를 풀기 전에는 스크립트가 그 연습 문제의 "
        "`NotImplementedError`에서 멈추고, 무엇을 풀어야 하는지 알려 줍니다.",
        "both": "워크숍 페이지를 영어와 한국어로 읽을 수 있습니다:",
    },
}


# What each of the chapter's scripts shows, for the chapter's page.
SHOWS = {
    "en": {
        "main.py": "Python's recursive Fibonacci against Rust's `run(n)` (exercise 1), timed: the "
        "same result twice, Rust much sooner.",
        "gil_threads.py": "A Python thread and Rust's `double_list` (exercise 3) started together: "
        "holding the GIL, Rust keeps the Python thread waiting until its work is done.",
    },
    "ko": {
        "main.py": "파이썬의 재귀 피보나치와 러스트의 `run(n)`(1번)의 시간을 잽니다. 같은 "
        "결과가 두 번 나오고, 러스트가 훨씬 빨리 끝납니다.",
        "gil_threads.py": "파이썬 스레드와 러스트의 `double_list`(3번)를 함께 시작합니다. "
        "러스트가 GIL을 획득한 채 일하므로 파이썬 스레드는 러스트의 일이 끝날 때까지 "
        "기다립니다.",
    },
}


def title(exercise: Exercise, language: str) -> str:
    return exercise.title_en if language == "en" else exercise.title_ko


def sources(language: str, docs: Path) -> list[dict[str, str]]:
    """The site's Markdown in `docs`: the kit's pages of `language` as they are, the front page
    (index.md) and the chapter's page (chapter.md). Returns zensical's nav."""
    text = TEXT[language]
    docs.mkdir(parents=True)
    nav: list[dict[str, str]] = [{text["site_name"]: "index.md"}]
    rows = []
    for e in EXERCISES:
        shutil.copyfile(KIT / "docs" / language / e.file, docs / e.file)
        teaches = e.teaches_en if language == "en" else e.teaches_ko
        rows.append(f"| {e.number} | [{title(e, language)}]({e.file}) | {teaches} |")
        nav.append({f"{e.number}. {title(e, language)}": e.file})
    nav.append({text["chapter"]: "chapter.md"})
    alignment = "| --- | --- | --- |"
    front = [f"# {text['site_name']}", "", text["intro"], "", f"## {text['ladder']}", ""]
    front += [text["columns"], alignment, *rows, "", f"## {text['work']}", "", text["work_text"]]
    commands = ["pipenv run progress", "pipenv run progress --watch"]
    front += ["", "```sh", *commands, "```", "", f"## {text['chapter']}", "", text["chapter_link"]]
    (docs / "index.md").write_text("\n".join(front) + "\n", encoding="utf-8")
    chapter = [f"# {text['chapter']}", "", text["chapter_intro"], ""]
    for script in sorted((KIT / "chapter").glob("*.py")):
        code = script.read_text(encoding="utf-8").rstrip()
        chapter += [f"## {script.name}", "", SHOWS[language].get(script.name, ""), ""]
        chapter += ["```sh", f"pipenv run chapter {script.name}", "```", ""]
        chapter += ["```python", code, "```", ""]
    (docs / "chapter.md").write_text("\n".join(chapter), encoding="utf-8")
    (docs / "assets").mkdir()
    shutil.copyfile(SHIM, docs / "assets" / SHIM.name)
    return nav


def config(language: str, nav: list[dict[str, str]], out: Path) -> str:
    """zensical.toml: a site for file:// (no directory URLs, no web fonts, the shim for its
    search worker, the offline plugin), the next and previous page in every page's footer."""
    name = json.dumps(TEXT[language]["site_name"], ensure_ascii=False)
    # One inline table per page: { "3. double_list, holding the GIL" = "03-double-list.md" }.
    pages = ", ".join(
        "{ " + json.dumps(label, ensure_ascii=False) + " = " + json.dumps(file) + " }"
        for entry in nav
        for label, file in entry.items()
    )
    return f"""\
[project]
site_name = {name}
docs_dir = "docs"
site_dir = {json.dumps(str(out))}
use_directory_urls = false
nav = [{pages}]

[project.extra]
generator = false
polyfills = ["assets/{SHIM.name}"]

[project.theme]
language = "{language}"
font = false
features = ["navigation.footer", "content.code.copy", "search.highlight"]

[project.plugins.search]
lang = "{language}"

[project.plugins.offline]
"""


def generator() -> Path:
    """zensical, installed into GENERATOR the first time (online). The file `installed` is
    written last: an install stopped halfway (Ctrl-C, a dropped network) leaves a program that
    may not run, and without that file the next build installs it again."""
    scripts = GENERATOR / ("Scripts" if os.name == "nt" else "bin")
    program = scripts / ("zensical.exe" if os.name == "nt" else "zensical")
    installed = GENERATOR / "installed"
    if not installed.exists():
        shutil.rmtree(GENERATOR, ignore_errors=True)
        # zensical needs Python 3.11 or newer, whichever this kit runs on.
        run(*UV, "venv", "--quiet", "--python", ">=3.11", GENERATOR)
        run(*UV, "pip", "install", "--quiet", "--python", GENERATOR, ZENSICAL)
        installed.write_text(ZENSICAL + "\n", encoding="utf-8")
    return program


def build(language: str, out: Path) -> None:
    """The site of `language` in `out`, which it replaces."""
    program = generator()
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="site-") as scratch:
        nav = sources(language, Path(scratch) / "docs")
        built = Path(scratch) / "site"
        (Path(scratch) / "zensical.toml").write_text(config(language, nav, built), "utf-8")
        run(program, "build", cwd=Path(scratch))
        # The page a web server sends for a missing one: its links start at the server's root,
        # which a site opened from disk, or hosted in a folder, does not have.
        (built / "404.html").unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(built, out)


def both(out: Path) -> None:
    """A site for each language, in out/<language>/, and out/index.html that links both."""
    for language in LANGUAGES:
        build(language, out / language)
    links = "".join(f'<li><a href="{lang}/index.html">{lang}</a></li>' for lang in LANGUAGES)
    said = "<br>".join(TEXT[language]["both"] for language in LANGUAGES)
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>workshop-instructor</title></head>
<body><p>{said}</p><ul>{links}</ul></body></html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")


def run(*command: str | Path, cwd: Path = KIT) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run(list(map(str, command)), cwd=cwd, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    choices = [*LANGUAGES, "both"]
    parser.add_argument("--language", choices=choices, default=LANGUAGE, help="the pages'")
    parser.add_argument("--out", type=Path, default=KIT / "dist" / "site", help="the folder")
    args = parser.parse_args()
    if args.language == "both":
        both(args.out)
    else:
        build(args.language, args.out)
    print(f"\nwrote {args.out / 'index.html'}: open it in a browser, or host the folder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
