"""Reports (JUnit, Markdown, HTML, Gradescope, batch), who may see what, candidate kits and the
pull-request grading script.

Most tests work on one fixed result, tests/fixtures/reports/run.json (a real grading of a
challenge-13 mutant, edited to hold every status, two categories, a server crash, a `|` in a
name, a <script> in a response body and an ANSI escape in the log). Golden files of every report
are in tests/fixtures/reports/golden/; tests/fixtures/reports/README.md says how to regenerate
them. The end-to-end tests grade real submissions with the local sandbox.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import dataclasses
import html as htmllib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from markdown_it import MarkdownIt

from grader import challenges
from grader.errors import ChallengeFormatError
from grader.export import export_kit, filter_module
from grader.pytest_plugin import check_name, check_points, check_visibility
from grader.report import gradescope, html, junit, markdown, terminal
from grader.report.batch import write_batch_csv, write_batch_html
from grader.report.load import result_from_dict
from grader.results import RunResult
from helpers import CHALLENGES, ROOT, SOLUTIONS, owner, run_grade

FIXTURES = ROOT / "tests" / "fixtures" / "reports"
GOLDEN = FIXTURES / "golden"
ARTIFACTS = ROOT / "artifacts"
SCHEMA = xmlschema.XMLSchema(FIXTURES / "junit-10.xsd")
FORMATS = {"junit": (junit, "xml"), "markdown": (markdown, "md"), "html": (html, "html"), "gradescope": (gradescope, "json")}
AUDIENCES = ("interviewer", "candidate")


@pytest.fixture
def raw() -> dict:
    return json.loads((FIXTURES / "run.json").read_text(encoding="utf-8"))


@pytest.fixture
def result(raw) -> RunResult:
    return result_from_dict(raw)


def hidden_checks(raw: dict) -> list[dict]:
    return [c for c in raw["checks"] if c["visibility"] == "hidden"]


def plain(fmt: str, text: str) -> str:
    """The text a person reads in a report, escapes undone, so absence checks cannot pass by escaping."""
    if fmt == "junit":
        root = ET.fromstring(text.encode())
        return "\n".join([*(t for t in root.itertext()), *(v for el in root.iter() for v in el.attrib.values())])
    if fmt == "gradescope":
        strings: list[str] = []

        def walk(node) -> None:
            if isinstance(node, dict):
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
            elif isinstance(node, str):
                strings.append(node)

        walk(json.loads(text))
        return "\n".join(strings)
    if fmt == "markdown":
        return text.replace("\\|", "|").replace("&lt;", "<")
    return htmllib.unescape(text)


# --- the result model round trip ----------------------------------------------------------------
def test_saved_result_loads_back_unchanged(raw, result):
    assert result.to_dict() == raw


# --- golden files ------------------------------------------------------------------------------
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(fmt, audience, result):
    module, ext = FORMATS[fmt]
    text = module.render(result, audience)
    path = GOLDEN / f"run.{audience}.{ext}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"rewrote {path.relative_to(ROOT)}: review `git diff`, then run again without UPDATE_GOLDEN")
    assert path.is_file(), f"no golden file {path}: see tests/fixtures/reports/README.md"
    assert text == path.read_text(encoding="utf-8"), f"{fmt} ({audience}) differs from {path.relative_to(ROOT)}"


# --- JUnit -------------------------------------------------------------------------------------
@pytest.mark.parametrize("audience", AUDIENCES)
def test_junit_is_valid_against_the_jenkins_schema(result, audience):
    SCHEMA.validate(junit.render(result, audience))  # raises with the path of the first violation


def test_junit_has_one_testcase_per_check_with_failures_errors_and_skips(raw, result):
    root = ET.fromstring(junit.render(result).encode())
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [c["name"] for c in raw["checks"]]
    assert {c.get("classname") for c in cases} == {"challenge-13.crud_todos", "challenge-13.validation"}
    statuses = [c["status"] for c in raw["checks"]]
    assert suite.get("tests") == str(len(cases)) == root.get("tests")
    assert suite.get("failures") == str(statuses.count("fail")) == str(len(suite.findall("testcase/failure")))
    assert suite.get("errors") == str(statuses.count("error")) == str(len(suite.findall("testcase/error")))
    assert suite.get("skipped") == str(statuses.count("skip")) == str(len(suite.findall("testcase/skipped")))
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["seed"] == "4242" and props["track"] == "node" and props["sandbox"] == "local"
    assert props["score"] == "14" and props["max_score"] == "18" and props["audience"] == "interviewer"
    failed = next(c for c in cases if c.get("name").startswith("DELETE /todos/:id"))
    body = failed.find("failure").text
    assert "expected status 204, got 200" in failed.find("failure").get("message")
    assert "curl -i -X DELETE http://127.0.0.1:41000/todos/5" in body and "response: 200" in body
    error = next(c for c in cases if c.find("error") is not None).find("error")
    assert "server is gone" in error.get("message") and "Connection refused" in error.text
    log = suite.find("system-out").text
    assert "TypeError: Cannot read" in log and "\x1b" not in log and "[31m" not in log, "escapes are stripped from logs"


def test_junit_for_a_candidate_folds_hidden_checks_into_one_case(raw, result):
    suite = ET.fromstring(junit.render(result, "candidate").encode()).find("testsuite")
    names = [c.get("name") for c in suite.findall("testcase")]
    public = [c["name"] for c in raw["checks"] if c["visibility"] == "public"]
    assert names == public + ["8 hidden checks, 12 points (9 earned)"]
    assert suite.find("system-out") is None, "the server log may echo what hidden checks sent"


# --- Gradescope --------------------------------------------------------------------------------
# the documented fields of results.json (Gradescope "Autograder Specifications", cited in
# grader/report/gradescope.py): name -> allowed types
GS_TOP = {"score": (int, float), "max_score": (int, float), "execution_time": (int, float), "output": str,
          "output_format": str, "test_output_format": str, "test_name_format": str, "visibility": str,
          "stdout_visibility": str, "extra_data": dict, "tests": list, "leaderboard": list}
GS_TEST = {"score": (int, float), "max_score": (int, float), "status": str, "name": str, "name_format": str,
           "number": str, "output": str, "output_format": str, "tags": list, "visibility": str, "extra_data": dict}
GS_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def check_gradescope(doc: dict) -> None:
    for key, value in doc.items():
        assert key in GS_TOP and isinstance(value, GS_TOP[key]), f"top-level {key}={value!r}"
    assert doc.get("stdout_visibility", "visible") in GS_VISIBILITY
    for test in doc["tests"]:
        for key, value in test.items():
            assert key in GS_TEST and isinstance(value, GS_TEST[key]), f"test {key}={value!r}"
        assert test["status"] in ("passed", "failed") and test["visibility"] in GS_VISIBILITY
        assert 0 <= test.get("score", 0) <= test.get("max_score", 0)  # informational tests carry no score
    assert sum(t.get("score", 0) for t in doc["tests"]) == doc["score"]
    assert sum(t.get("max_score", 0) for t in doc["tests"]) == doc["max_score"]


def test_gradescope_interviewer_report_follows_the_documented_format(raw, result):
    doc = json.loads(gradescope.render(result))
    check_gradescope(doc)
    assert (doc["score"], doc["max_score"], doc["execution_time"]) == (14.0, 18.0, 0.957)
    by_name = {t["name"]: t for t in doc["tests"]}
    log = by_name.pop("Server log, last lines")
    assert "TypeError" in log["output"] and log["visibility"] == "hidden" and "score" not in log
    assert len(by_name) == len(raw["checks"])
    for check in raw["checks"]:
        test = by_name[check["name"]]
        # hidden checks carry points, and the spec keeps "hidden" for tests that carry none
        assert test["visibility"] == ("visible" if check["visibility"] == "public" else "after_published")
        assert test["status"] == ("failed" if check["status"] in ("fail", "error") else "passed")
    assert "curl -i -X DELETE" in by_name["DELETE /todos/:id answers 204 with an empty body and the todo is gone"]["output"]


def test_gradescope_candidate_report_shows_hidden_checks_only_as_points(raw, result):
    doc = json.loads(gradescope.render(result, "candidate"))
    check_gradescope(doc)
    folded = doc["tests"][-1]
    assert folded["name"] == "8 hidden checks, 12 points (9 earned)"
    assert (folded["score"], folded["max_score"], folded["status"]) == (9.0, 12.0, "failed")
    assert len(doc["tests"]) == 1 + sum(1 for c in raw["checks"] if c["visibility"] == "public")


# --- Markdown ----------------------------------------------------------------------------------
def md_tables(text: str) -> list[list[list[str]]]:
    """Every table's rows (header first) as lists of cell texts, as markdown-it parses them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables, row, in_cell = [], None, False
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            in_cell = True
        elif tok.type == "inline" and in_cell:
            row.append(tok.content)
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
        elif tok.type == "tr_close":
            tables[-1].append(row)
    return tables


def md_headings(text: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [(tokens[i].tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_markdown_summary_has_score_heading_table_and_failures(raw, result):
    text = markdown.render(result)
    heads = md_headings(text)
    assert heads[0] == ("h2", "❌ challenge-13 CRUD API (In-Memory): 14/18 points (78%)")
    assert ("h3", "Failed checks") in heads
    assert [h for tag, h in heads if tag == "h4"] == [f"{'❌' if c['status'] == 'fail' else '⚠️'} {c['name']}"
                                                     for c in raw["checks"] if c["status"] in ("fail", "error")]
    (table,) = md_tables(text)
    assert table[0] == ["status", "check", "category", "points"]
    rows = table[1:]
    assert len(rows) == len(raw["checks"]) and all(len(r) == 4 for r in rows), "a `|` in a name must not split a cell"
    assert [r[1].replace("\\|", "|") for r in rows] == [c["name"] for c in raw["checks"]]
    assert [r[0] for r in rows][:5] == ["✅ passed"] * 3 + ["❌ failed", "⏭️ skipped"]
    tokens = MarkdownIt("commonmark").parse(text)
    fences = [(t.info, t.content) for t in tokens if t.type == "fence"]
    assert ("sh", "curl -i -X DELETE http://127.0.0.1:41000/todos/5\n") in fences
    assert any(t.type == "html_block" and "<details>" in t.content for t in tokens), "the server log is collapsed"


def test_markdown_for_a_candidate_lists_public_checks_and_one_hidden_row(raw, result):
    text = markdown.render(result, "candidate")
    (table,) = md_tables(text)
    public = [c["name"] for c in raw["checks"] if c["visibility"] == "public"]
    assert [r[1] for r in table[1:]] == public + ["8 hidden checks, 12 points (9 earned)"]
    assert table[-1][3] == "9/12"
    assert "<details>" not in text


def test_markdown_is_appended_to_the_github_step_summary(tmp_path, monkeypatch, result):
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert markdown.append_step_summary(markdown.render(result)) == summary
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "14/18 points (78%)" in text


# --- who may see what --------------------------------------------------------------------------
def _terminal(result: RunResult, audience: str) -> str:
    return terminal.render(result, show_hidden_details=audience == "interviewer")


RENDERERS = {**{fmt: module.render for fmt, (module, _ext) in FORMATS.items()}, "terminal": _terminal}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_candidate_reports_never_name_hidden_checks(fmt, raw, result):
    candidate = plain(fmt if fmt != "terminal" else "markdown", RENDERERS[fmt](result, "candidate"))
    interviewer = plain(fmt if fmt != "terminal" else "markdown", RENDERERS[fmt](result, "interviewer"))
    for check in hidden_checks(raw):
        secrets = [check["name"], check["message"].splitlines()[0] if check["message"] else ""]
        secrets += [check["exchange"]["curl"]] if check["exchange"] else []
        for secret in filter(None, secrets):
            assert secret in interviewer, f"{fmt}: the interviewer report must show {secret!r}"
            assert secret not in candidate, f"{fmt}: a candidate report shows {secret!r}"
    assert "8 hidden checks, 12 points" in candidate
    assert "TypeError" in interviewer and "TypeError" not in candidate, "server log: interviewer only"


def test_public_only_reports_say_the_hidden_checks_did_not_run(raw):
    raw["checks"] = [c for c in raw["checks"] if c["visibility"] == "public"]
    raw["public_only"] = True
    result = result_from_dict(raw)
    for fmt, render in RENDERERS.items():
        text = render(result, "candidate")
        assert "hidden checks were not run" in text or fmt == "junit", fmt  # JUnit: property public_only
        assert "hidden checks," not in text, f"{fmt}: no hidden check ran, none may be counted"
    assert "TypeError" in markdown.render(result, "candidate"), "no hidden check ran: the log may be shown"


def test_candidate_sees_why_a_server_never_started(raw):
    # no check talked to the server, so its log cannot echo a hidden check: the candidate sees it
    for check in raw["checks"]:
        check.update(status="error", points=0.0, exchange=None,
                     message="not run: the server did not start: server exited with code 1 before it answered")
    raw["server"].update(reason="server exited with code 1 before it answered on port 3000",
                         log_tail="/work/server.js:3\nSyntaxError: Unexpected token '}'\n")
    result = result_from_dict(raw)
    for fmt in ("markdown", "html", "junit", "terminal"):
        text = plain(fmt if fmt != "terminal" else "markdown", RENDERERS[fmt](result, "candidate"))
        assert "SyntaxError: Unexpected token '}'" in text, fmt
        assert not [c["name"] for c in hidden_checks(raw) if c["name"] in text], fmt


# --- HTML in a real browser --------------------------------------------------------------------
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path: Path, *args: str) -> str:
    exe = shutil.which("chromium")
    assert exe, "chromium is not installed: scripts/setup.sh installs it (Debian package chromium)"
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.glob('chromium-profile-*')))}"
    proc = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,2000", *args],
                          capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def screenshot(tmp_path: Path, page: Path, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    png = ARTIFACTS / name
    png.unlink(missing_ok=True)
    chromium(tmp_path, f"--screenshot={png}", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000, f"no real screenshot at {png}"
    return png


def dom_text(dom: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", dom)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_html_report_renders_in_a_headless_browser(tmp_path, result):
    page = ARTIFACTS / "report-run.html"
    ARTIFACTS.mkdir(exist_ok=True)
    page.write_text(html.render(result))
    source = page.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", source) and "<link" not in source and "@import" not in source, \
        "the page must be self-contained"
    screenshot(tmp_path, page, "report-run.png")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    text = dom_text(dom)
    assert "14/18 points" in text and "78%" in text
    assert "expected status 204, got 200 for DELETE /todos/5" in text
    assert "curl -i -X DELETE http://127.0.0.1:41000/todos/5" in text
    assert "grade challenge-13 SUBMISSION --seed 4242" in text, "the seed, with how to reproduce the run"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "<script>alert(1)" not in dom, "bodies are escaped, never run"
    for category in ("crud_todos", "validation"):
        assert re.search(rf"<h3>\s*{category}\s*</h3>", dom), f"checks are grouped under {category}"


def test_html_candidate_report_in_a_browser_hides_hidden_checks(tmp_path, raw, result):
    page = tmp_path / "candidate.html"
    page.write_text(html.render(result, "candidate"))
    text = dom_text(chromium(tmp_path, "--dump-dom", page.as_uri()))
    assert "8 hidden checks, 12 points (9 earned)" in text and "14/18 points" in text
    assert not [c["name"] for c in hidden_checks(raw) if c["name"] in text]


# --- batch reports -----------------------------------------------------------------------------
@dataclasses.dataclass
class BatchRow:  # the batch runner passes dataclass rows; batch.json holds dicts
    name: str
    track: str
    score: float
    max_score: float
    percent: float
    status: str
    duration: float
    result: str
    message: str = ""


def make_batch(out: Path, raw: dict) -> list:
    runs = out / "runs"
    runs.mkdir(parents=True)
    rows: list = []
    for name, score in (("bob", 9.0), ("alice", 18.0), ("carol", 14.0)):
        data = {**raw, "submission": f"submissions/{name}", "score": score, "percent": round(100 * score / 18, 2)}
        (runs / f"{name}.json").write_text(json.dumps(data))
        rows.append({"name": name, "track": "node", "score": score, "max_score": 18.0, "percent": data["percent"],
                     "status": "passed" if score == 18 else "failed", "duration": 1.5, "result": f"runs/{name}.json"})
    rows.append(BatchRow("dave", "?", 0.0, 0.0, 0.0, "error", 0.2, "", "cannot tell the track"))
    rows.append({"name": "eve", "track": "node", "score": 0.0, "max_score": 18.0, "percent": 0.0, "status": "failed",
                 "duration": 0.1, "result": "../outside.json"})
    (out.parent / "outside.json").write_text(json.dumps(raw))
    return rows


def test_batch_overview_links_every_run_and_sorts_by_score(tmp_path, raw):
    out = tmp_path / "grades"
    index = write_batch_html(make_batch(out, raw), out, challenge="challenge-13")
    dom = index.read_text()
    names = re.findall(r'<tr data-name="([^"]+)"', dom)
    assert names == ["alice", "carol", "bob", "dave", "eve"], "best score first"
    for name, score in (("alice", "18/18"), ("carol", "14/18"), ("bob", "9/18")):
        assert f'href="runs/{name}.html"' in dom
        run_page = (out / "runs" / f"{name}.html").read_text()
        assert f"submissions/{name}" in run_page and f"{score} points" in run_page
    assert 'href="runs/dave' not in dom and "cannot tell the track" in dom
    assert "outside" not in dom and not (tmp_path / "outside.html").exists(), "only runs inside the batch folder"
    # the inline sort script, run by a real browser: two clicks on "score" sort it ascending, as numbers
    # (as text, "9" would sort after "18"); equal scores keep their order
    clicked = out / "clicked.html"
    click = 'document.querySelector(\'th[data-key="score"]\').click();'
    clicked.write_text(dom.replace("</body>", f"<script>{click * 2}</script></body>"))
    after = re.findall(r'<tr data-name="([^"]+)"', chromium(tmp_path, "--dump-dom", clicked.as_uri()))
    assert after == ["dave", "eve", "bob", "carol", "alice"], after
    screenshot(tmp_path, index, "report-batch.png")


def test_batch_csv_round_trips(tmp_path, raw):
    rows = make_batch(tmp_path / "grades", raw)
    path = write_batch_csv(rows, tmp_path / "batch.csv")
    back = list(csv.DictReader(path.open()))
    assert [r["name"] for r in back] == ["bob", "alice", "carol", "dave", "eve"]
    assert back[1]["score"] == "18.0" and back[1]["result"] == "runs/alice.json" and back[3]["message"] == "cannot tell the track"
    assert list(back[0]) == ["name", "track", "score", "max_score", "percent", "status", "duration", "result", "message"]


# --- candidate kits ----------------------------------------------------------------------------
def collect_checks(tests_dir: Path) -> list[tuple[str, str, float, str]]:
    """(function, check name, points, visibility) of every check pytest collects in tests_dir."""
    found: list[tuple[str, str, float, str]] = []
    before = set(sys.modules)

    class Collector:
        def pytest_configure(self, config):
            config.addinivalue_line("markers", "points(n): weight")
            config.addinivalue_line("markers", "public: visible")

        def pytest_collection_modifyitems(self, items):
            found.extend((i.name, check_name(i), check_points(i), check_visibility(i)) for i in items)

    args = [str(tests_dir), "--collect-only", "-q", "-c", str(ROOT / "grader" / "suite.ini"), "--rootdir", str(tests_dir),
            "--confcutdir", str(tests_dir), "-p", "no:cacheprovider", "--import-mode=importlib"]
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = pytest.main(args, plugins=[Collector()])
    for name in set(sys.modules) - before:  # a kit's module has the original's name: never reuse it
        if Path(getattr(sys.modules[name], "__file__", None) or "/").is_relative_to(tests_dir):
            del sys.modules[name]
    assert code == 0, f"collecting {tests_dir} failed ({code}):\n{out.getvalue()[-3000:]}"
    return found


def hidden_functions(challenge_dir: Path) -> list[tuple[ast.FunctionDef, str]]:
    out = []
    for path in sorted((challenge_dir / "tests").glob("test_*.py")):
        source = path.read_text()
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and \
                    not any(ast.unparse(d).endswith("mark.public") for d in node.decorator_list):
                out.append((node, ast.get_source_segment(source, node)))
    return out


def kit_texts(kit: Path) -> dict[Path, str]:
    return {p: p.read_text(errors="replace") for p in kit.rglob("*") if p.is_file()}


def function_bodies(texts: dict[Path, str]) -> set[str]:
    return {ast.dump(ast.Module(body=n.body, type_ignores=[])) for p, t in texts.items() if p.suffix == ".py"
            for n in ast.walk(ast.parse(t)) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


@pytest.mark.parametrize("challenge_id", sorted(p.name for p in CHALLENGES.iterdir() if (p / "challenge.toml").is_file()))
def test_kit_holds_the_public_checks_and_nothing_of_the_hidden_ones(challenge_id, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # as the grader runs suites
    challenge = challenges.get(challenge_id)
    kit = export_kit(challenge, tmp_path)
    texts = kit_texts(kit)
    tests_text = "\n".join(t for p, t in texts.items() if "tests" in p.relative_to(kit).parts)
    all_text = "\n".join(texts.values())
    bodies = function_bodies(texts)
    hidden = hidden_functions(challenge.path)
    assert hidden, f"{challenge_id} has no hidden check: the test below would prove nothing"
    for node, source in hidden:
        doc = (ast.get_docstring(node) or "").strip()
        assert node.name not in all_text, f"hidden check function {node.name} is in the kit"
        assert not doc or doc.splitlines()[0] not in tests_text, f"the name of hidden check {node.name} is in the kit"
        assert source not in all_text, f"the code of hidden check {node.name} is in the kit"
        assert ast.dump(ast.Module(body=node.body, type_ignores=[])) not in bodies, f"{node.name}'s body is in the kit"
    original = collect_checks(challenge.tests_dir)
    in_kit = collect_checks(kit / "tests")
    assert in_kit == [c for c in original if c[3] == "public"], "the kit must collect exactly the public checks"
    assert len(in_kit) < len(original)
    assert (kit / "README.md").read_bytes() == challenge.readme.read_bytes()
    assert (kit / "challenge.toml").read_bytes() == (challenge.path / "challenge.toml").read_bytes()
    for track in challenge.tracks:
        src = sorted(p.relative_to(challenge.starter(track)) for p in challenge.starter(track).rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts)
        assert sorted(p.relative_to(kit / "starter" / track) for p in (kit / "starter" / track).rglob("*") if p.is_file()) == src


SYNTHETIC = '''"""Hidden suite: mentions the secret edge case."""
import pytest
import hashlib

LIMIT = 3
SECRET = "s3cret"


def shared(client):
    return client.get("/", params={"n": LIMIT})


def only_hidden(client):
    return hashlib.sha1(SECRET.encode()).hexdigest()


# about the public check
@pytest.mark.public
@pytest.mark.points(2)
def test_public(client):
    """GET / answers"""
    assert shared(client).status_code == 200


# about the hidden check
@pytest.mark.points(3)
def test_hidden(client):
    """The secret edge case"""
    assert only_hidden(client)
'''


def test_filter_keeps_public_checks_and_only_the_helpers_they_use():
    module = filter_module(SYNTHETIC, "synthetic", "Public checks.\n")
    assert module.public == ("test_public",) and module.hidden == ("test_hidden",)
    kept = module.source
    for present in ("def test_public", "def shared", "LIMIT = 3", "import pytest", "# about the public check", '"""Public checks.'):
        assert present in kept, present
    for absent in ("test_hidden", "only_hidden", "s3cret", "hashlib", "secret edge case", "about the hidden"):
        assert absent not in kept, absent


@pytest.mark.parametrize("source, why", [
    ("import pytest\nclass TestThing:\n    def test_a(self):\n        pass\n", "test class"),
    ("import pytest\npytestmark = pytest.mark.public\ndef test_a():\n    pass\n", "pytestmark"),
    ("import pytest\nA = 1; B = 2\n@pytest.mark.public\ndef test_a():\n    assert A\n", "share a line"),
])
def test_filter_refuses_what_it_cannot_judge(source, why):
    with pytest.raises(ChallengeFormatError, match=why):
        filter_module(source, "synthetic", "doc")


def test_kit_grades_with_the_normal_grader(tmp_path):
    kits = tmp_path / "kits"
    export = subprocess.run([sys.executable, "-m", "grader", "export", "challenge-01", str(kits)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert export.returncode == 0, export.stderr
    assert f"GRADER_CHALLENGES={kits} grade challenge-01" in export.stdout
    g = run_grade(["challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "local"], tmp_path,
                  env={"GRADER_CHALLENGES": str(kits)})
    assert g.code == 0, g.explain()
    assert g.result["percent"] == 100 and {c["visibility"] for c in g.result["checks"]} == {"public"}
    assert len(g.result["checks"]) == len([c for c in collect_checks(CHALLENGES / "challenge-01" / "tests") if c[3] == "public"])
    again = subprocess.run([sys.executable, "-m", "grader", "export", "challenge-01", str(kits)],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert again.returncode == 2 and "is not empty" in again.stderr


# --- end to end: a real grading with every report option ----------------------------------------
def test_grade_writes_every_report_before_the_exit_code(tmp_path):
    summary = tmp_path / "step-summary.md"
    summary.write_text("# earlier step\n")
    out = tmp_path / "out"
    args = ["challenge-01", str(CHALLENGES / "challenge-01" / "starter" / "node"), "--sandbox", "local",
            "--junit", str(out / "junit.xml"), "--markdown", str(out / "summary.md"), "--html", str(out / "report.html"),
            "--gradescope", str(out / "results.json"), "--min-score", "50"]
    g = run_grade(args, tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert g.code == 1, g.explain()  # the starter fails: the reports are written all the same
    result = g.result
    SCHEMA.validate(str(out / "junit.xml"))
    check_gradescope(json.loads((out / "results.json").read_text()))
    md = (out / "summary.md").read_text()
    assert md_headings(md)[0][1].endswith(f"{result['score']:g}/{result['max_score']:g} points ({result['percent']:.0f}%)")
    assert summary.read_text().startswith("# earlier step\n") and md.strip() in summary.read_text()
    page = plain("html", (out / "report.html").read_text())
    hidden_names = [c["name"] for c in result["checks"] if c["visibility"] == "hidden"]
    assert hidden_names and all(n in page for n in hidden_names), "interviewer report: every check"


def test_candidate_flag_runs_hidden_checks_but_never_names_them(tmp_path):
    out = tmp_path / "out"
    args = ["challenge-01", str(SOLUTIONS / "challenge-01" / "node"), "--sandbox", "local", "--candidate",
            "--junit", str(out / "junit.xml"), "--markdown", str(out / "summary.md"), "--html", str(out / "report.html"),
            "--gradescope", str(out / "results.json")]
    g = run_grade(args, tmp_path)
    assert g.code == 0, g.explain()
    hidden = [c for c in g.result["checks"] if c["visibility"] == "hidden"]
    assert hidden and g.result["percent"] == 100, "hidden checks ran and count"
    verbose = subprocess.run([sys.executable, "-m", "grader", *args[:5]], capture_output=True, text=True, cwd=ROOT,
                             timeout=120, env={**os.environ, "GRADER_OWNER": owner()})
    reports = {"junit": (out / "junit.xml").read_text(), "markdown": (out / "summary.md").read_text(),
               "html": (out / "report.html").read_text(), "gradescope": (out / "results.json").read_text()}
    texts = {fmt: plain(fmt, text) for fmt, text in reports.items()} | {"terminal": verbose.stdout + verbose.stderr}
    count = f"{len(hidden)} hidden checks, {sum(c['max_points'] for c in hidden):g} points"
    for fmt, text in texts.items():
        assert count in text, f"{fmt}: hidden checks appear as a count with their points"
        leaked = [c["name"] for c in hidden if c["name"] in text]
        assert not leaked, f"{fmt} names hidden checks: {leaked}"


# --- pull-request grading ----------------------------------------------------------------------
def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True)


@pytest.fixture
def pr_repo(tmp_path) -> Path:
    """A repository whose main holds one old submission, and a branch `pr` checked out on top of it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.invalid")
    git(repo, "config", "user.name", "ci")
    shutil.copytree(CHALLENGES / "challenge-01" / "starter" / "node", repo / "submissions" / "old")
    (repo / "submissions" / "old" / "challenge").write_text("challenge-01\n")
    (repo / "README.md").write_text("submissions\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


def run_ci(repo: Path, out: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    # as the workflow runs it: from the grader's folder, pointed at the submissions checkout
    return subprocess.run([sys.executable, "-m", "grader.ci", "--repo", str(repo), "--base", "main", "--head", "HEAD",
                           "--sandbox", "local", "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "GRADER_OWNER": owner(), **(env or {})})


def test_ci_grades_the_submissions_a_pull_request_changed(pr_repo, tmp_path):
    subs = pr_repo / "submissions"
    shutil.copytree(SOLUTIONS / "challenge-01" / "node", subs / "challenge-01-alice")  # named by its folder
    shutil.copytree(CHALLENGES / "challenge-02" / "starter" / "python", subs / "bob")  # named by a file; fails
    (subs / "bob" / "challenge").write_text("02\n")
    (subs / "carol").mkdir()
    (subs / "carol" / "server.js").write_text("// no challenge named\n")
    (pr_repo / "grader").mkdir()  # a decoy: the gradings must import the real grader, never the PR's
    (pr_repo / "grader" / "__init__.py").write_text("raise SystemExit('the PR decoy was imported')\n")
    git(pr_repo, "add", "-A")
    git(pr_repo, "commit", "-q", "-m", "three submissions")
    out, step = tmp_path / "out", tmp_path / "step.md"
    proc = run_ci(pr_repo, out, {"GITHUB_STEP_SUMMARY": str(step)})
    assert proc.returncode == 1, proc.stdout + proc.stderr  # bob fails, carol cannot be graded
    for name in ("challenge-01-alice", "bob"):
        for artifact in ("result.json", "junit.xml", "report.html", "summary.md"):
            assert (out / name / artifact).is_file(), f"{name}/{artifact}"
        SCHEMA.validate(str(out / name / "junit.xml"))
    assert not (out / "old").exists(), "a submission the PR did not touch is not graded"
    alice = json.loads((out / "challenge-01-alice" / "result.json").read_text())
    bob = json.loads((out / "bob" / "result.json").read_text())
    assert (alice["challenge"], alice["percent"], bob["challenge"], bob["passed"]) == ("challenge-01", 100, "challenge-02", False)
    summary = (out / "summary.md").read_text()
    assert summary.rstrip() == step.read_text().rstrip(), "the same summary goes to the step summary"
    assert md_headings(summary)[0] == ("h1", "Grading: 1/3 submission(s) met the bar")
    assert "carol: not graded" in summary and "challenge-13-&lt;name>" in summary
    hidden = [c["name"] for r in (alice, bob) for c in r["checks"] if c["visibility"] == "hidden"]
    assert hidden and not [n for n in hidden if n in summary], "a PR is shown to its author: candidate reports"


def test_ci_passes_when_no_submission_changed(pr_repo, tmp_path):
    (pr_repo / "README.md").write_text("docs only\n")
    git(pr_repo, "commit", "-q", "-am", "docs")
    proc = run_ci(pr_repo, tmp_path / "out")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "nothing to grade" in (tmp_path / "out" / "summary.md").read_text()


def test_ci_refuses_an_unknown_ref(pr_repo, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "grader.ci", "--repo", str(pr_repo), "--base", "no-such-ref",
                           "--out", str(tmp_path / "o")], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and "git diff no-such-ref...HEAD failed" in proc.stderr
