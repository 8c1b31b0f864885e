"""A submission's own dependencies and start command (issue 11), with the real grader: ES
modules, declared packages installed from the registry (cached), --offline verdicts, start
commands as people write them."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import SOLUTIONS, owner, run_grade

FIXTURES = Path(__file__).parent / "fixtures" / "deps"
BOTH = [pytest.param("docker", marks=pytest.mark.docker), "local"]


def _grade(challenge: str, sub: Path, sandbox: str, tmp_path: Path, request, *extra: str, env: dict | None = None):
    if sandbox == "docker":
        request.getfixturevalue("docker_ready")
    return run_grade([challenge, str(sub), "--sandbox", sandbox, "--seed", "7", *extra], tmp_path, env=env)


@pytest.mark.parametrize("sandbox", BOTH)
@pytest.mark.parametrize("name", ["esm-01", "esm-mjs-01"])
def test_es_module_server_finds_the_curated_packages(name, sandbox, tmp_path, request):
    # `import express from 'express'`: Node's ES module loader ignores NODE_PATH
    g = _grade("challenge-01", FIXTURES / name, sandbox, tmp_path, request)
    assert g.code == 0 and g.percent == 100.0, g.explain()


@pytest.mark.parametrize("sandbox", BOTH)
def test_typescript_runs_with_node_type_stripping(sandbox, tmp_path, request):
    g = _grade("challenge-01", FIXTURES / "typescript-01", sandbox, tmp_path, request)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if sandbox == "local" and tuple(int(x) for x in node.lstrip("v").split(".")[:2]) < (22, 6):
        # the CI machines' Node 20 has no type stripping: one clear line, not a crash
        assert g.code == 2 and g.stderr.startswith(
            f"error: server.ts is TypeScript, which needs Node 22.6+ (type stripping); this machine's node is {node}\n"
            "hint: grade it with --sandbox docker"), g.explain()
        return
    assert g.code == 0 and g.percent == 100.0, g.explain()


@pytest.mark.parametrize("sandbox", BOTH)
def test_a_procfile_web_line_with_port_expanded(sandbox, tmp_path, request):
    # the reference Starlette app without its own uvicorn.run, started by the Procfile's uvicorn:
    # `$PORT` is expanded by the sandbox (the supervisor in Docker) at each start
    sub = shutil.copytree(SOLUTIONS / "challenge-01" / "python", tmp_path / "sub")
    app = (sub / "app.py").read_text()
    assert app.count('if __name__ == "__main__":') == 1
    (sub / "app.py").write_text(app.split('if __name__ == "__main__":')[0])
    (sub / "Procfile").write_text("web: uvicorn app:app --host 0.0.0.0 --port $PORT\n")
    g = _grade("challenge-01", sub, sandbox, tmp_path, request)
    assert g.code == 0 and g.percent == 100.0, g.explain()
    assert "Uvicorn running on http://0.0.0.0:" in g.result["server"]["log_tail"], g.explain()


def test_a_dependency_set_over_the_file_limit_is_refused(tmp_path, request):
    g = _grade("challenge-13", _uuid_13(tmp_path / "sub"), "local", tmp_path, request,
               env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "GRADER_DEPS_MAX_FILES": "20"})
    assert g.code == 1 and g.result["server"]["reason"] == (
        "the declared dependencies have more than 20 files (the grader's limit): declare fewer packages"), g.explain()


# --- declared dependencies, installed from the registry --------------------------------------------
def _uuid_13(dest: Path) -> Path:
    """The reference challenge-13 solution with uuid ids, as Express tutorials write them."""
    shutil.copytree(SOLUTIONS / "challenge-13" / "node", dest)
    server = dest / "server.js"
    text = server.read_text()
    for old, new in (("const express = require('express');",
                      "const express = require('express');\nconst { v4: uuidv4 } = require('uuid');"),
                     ("id: nextId++", "id: uuidv4()")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    server.write_text(text)
    pkg = json.loads((dest / "package.json").read_text())
    pkg["dependencies"] = {"express": "^4.21.2", "uuid": "^11.1.0"}
    (dest / "package.json").write_text(json.dumps(pkg, indent=2))
    return dest


def _submission(name: str, tmp_path: Path) -> Path:
    if name == "uuid-13":
        return _uuid_13(tmp_path / name)
    return shutil.copytree(FIXTURES / name, tmp_path / name)


def _installed_sets(cache: Path) -> list[Path]:
    return [p for p in (cache / "live-grader" / "deps").iterdir() if (p / "meta.json").is_file()]


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> dict:
    """One dependency cache for the tests whose point is not the install itself."""
    return {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("deps-cache"))}


@pytest.mark.parametrize("sandbox", BOTH)
@pytest.mark.parametrize("name,challenge,packages", [
    ("uuid-13", "challenge-13", ["uuid"]),
    ("express5-zod-04", "challenge-04", ["express", "zod"]),
    ("fastapi-01", "challenge-01", ["fastapi"]),
    ("flask-04", "challenge-04", ["flask"]),
])
def test_declared_dependencies_are_installed_once_and_score_100(name, challenge, packages, sandbox, tmp_path, request):
    sub = _submission(name, tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}  # fresh: the first grading must install
    first = _grade(challenge, sub, sandbox, tmp_path, request, env=env)
    assert first.code == 0 and first.percent == 100.0, first.explain()
    assert first.result["dependencies"]["source"] == "installed", first.result["dependencies"]
    assert first.result["dependencies"]["packages"] == packages
    second = _grade(challenge, sub, sandbox, tmp_path, request, env=env)
    assert second.code == 0 and second.percent == 100.0, second.explain()
    assert second.result["dependencies"]["source"] == "cache", second.result["dependencies"]
    assert second.result["timings"]["deps"] < 0.1, second.result["timings"]
    assert len(_installed_sets(tmp_path / "cache")) == 1  # one set for one submission
    assert not list((tmp_path / "cache").rglob("*.partial-*")), "an install left a partial tree"


@pytest.mark.parametrize("sandbox", BOTH)
def test_install_scripts_never_run(sandbox, tmp_path, request):
    # npm ci (a lockfile is present) of a package whose preinstall/install/postinstall/prepare
    # scripts would each write a marker file (on the host, into the installed tree, in the
    # sandbox), with a registry dependency that has a postinstall of its own: esbuild's replaces
    # its JS launcher bin/esbuild with the native binary, and esbuild must still work without it
    markers = [Path(f"/tmp/lg-deps-marker-{s}") for s in ("preinstall", "install", "postinstall", "prepare")]
    for marker in markers:
        marker.unlink(missing_ok=True)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    g = _grade("challenge-01", _submission("scripts-lock-01", tmp_path), sandbox, tmp_path, request, env=env)
    assert g.code == 0 and g.percent == 100.0, g.explain()
    assert g.result["dependencies"]["source"] == "installed"
    assert [m for m in markers if m.exists()] == [], "an install script ran on the host"
    layer = Path(g.result["dependencies"]["path"])
    assert (layer / "uuid" / "package.json").is_file() and not (layer / ".lg-deps-marker").exists()
    assert (layer / "esbuild" / "bin" / "esbuild").read_bytes()[:2] == b"#!", "esbuild's postinstall ran"
    log = g.result["server"]["log_tail"]
    assert "markers found: none; uuid loaded: true" in log, g.explain()
    assert "esbuild launcher: the JS shim; esbuild works: const n = 1;" in log, g.explain()


@pytest.mark.docker
def test_the_run_container_has_no_egress_after_an_install(tmp_path, shared_cache, docker_ready):
    # the hostile corpus's network case, with a declared dependency: the install container had
    # egress, the run container that gets its layer must not
    from test_hostile import CASES, ENV, HOSTILE, Listener

    sub = shutil.copytree(CASES / "reaches-network", tmp_path / "sub", ignore=shutil.ignore_patterns("expect.toml"))
    shutil.copy(HOSTILE / "lib" / "good.js", sub / "good.js")
    (sub / "package.json").write_text(json.dumps({"main": "server.js", "dependencies": {"uuid": "^11.1.0"}}))
    listener = Listener()
    try:
        g = run_grade(["challenge-99", str(sub), "--sandbox", "docker", "--seed", "1"], tmp_path,
                      env={**ENV, **shared_cache})
    finally:
        listener.close()
    assert g.result["dependencies"]["packages"] == ["uuid"], g.explain()
    assert listener.accepted == 0, f"the sandboxed server reached the host listener {listener.accepted} time(s)"
    assert "blocked: " in g.result["server"]["log_tail"] and g.code == 0, g.explain()


@pytest.mark.parametrize("sandbox", BOTH)
def test_an_oversized_dependency_set_is_refused(sandbox, tmp_path, request):
    sub = shutil.copytree(FIXTURES / "esm-01", tmp_path / "sub")
    (sub / "package.json").write_text(json.dumps({"type": "module", "dependencies": {"lodash": "4.17.21"}}))
    cache = tmp_path / "cache"
    g = _grade("challenge-01", sub, sandbox, tmp_path, request,
               env={"XDG_CACHE_HOME": str(cache), "GRADER_DEPS_MAX_MB": "1"})
    assert g.code == 1, g.explain()
    assert g.result["server"]["reason"] == ("the declared dependencies need more than 1 MiB installed (the grader's "
                                            "limit): declare fewer or smaller packages"), g.explain()
    assert all(c["message"] == "not run: the server did not start: its dependencies could not be installed "
               "(see the run's verdict)" for c in g.result["checks"])
    assert not _installed_sets(cache) and not list(cache.rglob("*.partial-*")), "a refused set was kept"


@pytest.mark.parametrize("sandbox", BOTH)
def test_a_failing_install_is_a_verdict_with_npms_own_error(sandbox, tmp_path, request):
    sub = shutil.copytree(FIXTURES / "esm-01", tmp_path / "sub")
    (sub / "package.json").write_text(json.dumps({"dependencies": {"lg-no-such-package-4f1c9": "^1.0.0"}}))
    g = _grade("challenge-01", sub, sandbox, tmp_path, request, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert g.code == 1, g.explain()
    reason = g.result["server"]["reason"]
    assert reason.startswith("installing the declared dependencies failed (npm exit 1):"), reason
    assert "404" in reason and "lg-no-such-package-4f1c9" in reason, reason


@pytest.mark.parametrize("sandbox", BOTH)
def test_an_install_over_the_time_limit_is_stopped(sandbox, tmp_path, request):
    sub = _uuid_13(tmp_path / "sub")
    cache = tmp_path / "cache"
    g = _grade("challenge-13", sub, sandbox, tmp_path, request,
               env={"XDG_CACHE_HOME": str(cache), "GRADER_DEPS_TIMEOUT": "0.05"})
    assert g.code == 1, g.explain()
    assert g.result["server"]["reason"] == ("installing the declared dependencies took longer than 0.05s "
                                            "(the grader's limit)"), g.explain()
    assert not _installed_sets(cache) and not list(cache.rglob("*.partial-*"))
    # the installer is gone too: no npm left running (the docker one: conftest.nothing_left_behind)
    assert not [p for p in os.listdir("/proc") if p.isdigit() and str(cache) in _cmdline(p)]


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


# --- --offline and the missing-package verdict -------------------------------------------------------
NODE_MISSING = ("server.js requires 'uuid', which is not available: declare it in package.json "
                '"dependencies" (the grader installs declared dependencies), or run without --offline')


@pytest.mark.parametrize("sandbox", BOTH)
def test_offline_names_the_missing_package_once_in_every_report(sandbox, tmp_path, request):
    sub = _uuid_13(tmp_path / "sub")
    out = tmp_path / "out"
    g = _grade("challenge-13", sub, sandbox, tmp_path, request, "--offline",
               "--junit", str(out / "junit.xml"), "--markdown", str(out / "summary.md"),
               "--html", str(out / "report.html"), "--gradescope", str(out / "gradescope.json"),
               env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert g.code == 1, g.explain()
    assert g.result["server"]["reason"].startswith(NODE_MISSING), g.result["server"]["reason"]
    assert "dependencies" not in g.result["timings"] and not (tmp_path / "cache").exists()  # nothing installed
    for check in g.result["checks"]:
        assert check["status"] == "error" and check["message"] == "not run: the server did not start (see the run's verdict)"
    assert g.stdout.count(NODE_MISSING) == 1 and "12 checks not run (18 points): the server did not start" in g.stdout
    for report in ("junit.xml", "summary.md", "report.html", "gradescope.json"):
        text = html.unescape((out / report).read_text()).replace('\\"', '"')
        assert NODE_MISSING in text, report


def test_offline_from_the_environment_and_the_python_verdict(tmp_path):
    sub = shutil.copytree(FIXTURES / "fastapi-01", tmp_path / "sub")
    (sub / "main.py").write_text((sub / "main.py").read_text() + "\nif __name__ == '__main__':\n    pass\n")
    g = run_grade(["challenge-01", str(sub), "--sandbox", "local"], tmp_path, env={"GRADER_OFFLINE": "1"})
    assert g.code == 1, g.explain()
    assert g.result["server"]["reason"].startswith(
        "main.py imports 'fastapi', which is not available: declare it in requirements.txt (the grader installs "
        "declared dependencies), or run without --offline"), g.result["server"]["reason"]


def test_cache_info_and_clear(tmp_path, shared_cache):
    sub = _uuid_13(tmp_path / "sub")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert _grade("challenge-13", sub, "local", tmp_path, None, env=env).percent == 100.0

    def grade_cmd(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True,
                              env={**os.environ, **env}, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert re.search(r"live-grader/deps: 1 installed dependency set\(s\), [0-9.]+ MB", grade_cmd("cache", "info"))
    assert "removed 1 installed dependency set(s)" in grade_cmd("cache", "clear")
    assert ": 0 installed dependency set(s)" in grade_cmd("cache", "info")


# --- the rules on their own (no grading) ------------------------------------------------------------
@pytest.mark.parametrize("version,spec,expected", [
    ("4.22.3", "^4.18.2", True), ("4.22.3", "^5", False), ("4.22.3", "4.x", True), ("4.22.3", "~4.22.0", True),
    ("4.22.3", "~4.21", False), ("4.22.3", ">=4 <6", True), ("4.22.3", ">= 4.0.0", True), ("4.22.3", "4.22.3", True),
    ("4.22.3", "=4.22.2", False), ("4.22.3", "*", True), ("4.22.3", "", True), ("4.22.3", "latest", False),
    ("4.22.3", "3 - 4", True), ("4.22.3", "1 - 4.21", False), ("0.3.1", "^0.2.0", False), ("0.2.9", "^0.2.0", True),
    ("0.0.4", "^0.0.3", False), ("4.22.3", "^5 || ^4", True), ("4.22.3", "github:expressjs/express", False),
    ("4.22.3", "<4.22.3", False), ("4.22.3", ">4.22", False), ("4.22.3", ">4.21", True), ("4.22.3", "<=4.22", True),
])
def test_npm_ranges(version, spec, expected):
    from grader.semver import satisfies

    assert satisfies(version, spec) is expected


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.mark.parametrize("files,command,env", [
    ({"package.json": '{"scripts": {"start": "node src/index.js"}}', "src/index.js": ""}, ["node", "src/index.js"], {}),
    ({"package.json": '{"scripts": {"start": "node --env-file=.env server.js"}}', "server.js": ""},
     ["node", "--env-file=.env", "server.js"], {}),
    ({"package.json": '{"scripts": {"start": "NODE_ENV=production node app.js"}}', "app.js": ""},
     ["node", "app.js"], {"NODE_ENV": "production"}),
    ({"package.json": '{"scripts": {"start": "cross-env NODE_ENV=production node -r dotenv/config app.js"}}', "app.js": ""},
     ["node", "-r", "dotenv/config", "app.js"], {"NODE_ENV": "production"}),
    # a shell line is never run by a shell: the Procfile then, whose $PORT the sandbox expands
    ({"package.json": '{"scripts": {"start": "npm run build && node dist/a.js"}}', "Procfile": "web: node web.js --port $PORT\n",
      "web.js": ""}, ["node", "web.js", "--port", "$PORT"], {}),
    ({"package.json": "{}", "server.ts": ""}, ["node", "--experimental-strip-types", "server.ts"], {}),
    ({"package.json": "{}", "src/server.mjs": ""}, ["node", "src/server.mjs"], {}),
    ({"Procfile": "web: uvicorn main:app --host 0.0.0.0 --port ${PORT}\n", "main.py": ""},
     ["python", "-m", "uvicorn", "main:app", "--host", "0.0.0.0", "--port", "${PORT}"], {}),
    ({"main.py": "from fastapi import FastAPI\napi = FastAPI()\n"},
     ["python", "-m", "uvicorn", "main:api", "--host", "0.0.0.0", "--port", "$PORT"], {}),
    ({"app.py": "import flask\napp = flask.Flask(__name__)\n"},
     ["python", "-m", "flask", "--app", "app:app", "run", "--host", "0.0.0.0", "--port", "$PORT"], {}),
    ({"app.py": "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run()\n"},
     ["python", "app.py"], {}),
])
def test_start_commands_as_people_write_them(files, command, env, tmp_path):
    from grader.submission import detect

    sub = detect(_write(tmp_path, files))
    assert sub.command(python="python") == command and sub.env == env


def test_an_ambiguous_folder_gets_one_line_naming_the_fix(tmp_path):
    from grader.errors import SubmissionError
    from grader.submission import detect

    _write(tmp_path, {"package.json": "{}", "api.js": "", "worker.js": ""})
    with pytest.raises(SubmissionError, match=r'^cannot tell which file starts the server \(api.js, worker.js\): '
                                              r'name it in package.json "scripts": \{"start": "node FILE"\}$'):
        detect(tmp_path)


def test_missing_package_verdicts_from_real_output_shapes():
    from grader.missing import explain

    esm = "node:internal/modules/esm/resolve:873\nError [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod' imported from /work/src/index.js\n"
    assert explain(esm, "node", "/work", offline=False) == (
        "src/index.js imports 'zod', which is not available: declare it in package.json \"dependencies\" "
        "(the grader installs declared dependencies)")
    cjs = "Error: Cannot find module 'lodash/fp'\nRequire stack:\n- /work/server.js\n"
    assert explain(cjs, "node", "/work", offline=False, declared={"lodash"}, own_node_modules=True).startswith(
        "server.js requires 'lodash', which is not available: it is declared in package.json but the submission ships")
    assert explain("Error: Cannot find module './routes'\nRequire stack:\n- /work/server.js\n", "node", "/work",
                   offline=True) is None  # the candidate's own missing file: not a package
    py = ('Traceback (most recent call last):\n  File "/tmp/x/work/app.py", line 1, in <module>\n'
          "    import jwt.algorithms\nModuleNotFoundError: No module named 'jwt.algorithms'\n")
    assert explain(py, "python", "/tmp/x/work", offline=False) == (
        "app.py imports 'jwt', which is not available: declare it in requirements.txt (the grader installs "
        "declared dependencies)")


def test_a_batch_installs_a_shared_dependency_set_once(tmp_path):
    # two submissions with the same dependency files, graded at the same time: one installs, the
    # other waits for it (a lock per cache key) and uses the result
    subs = tmp_path / "subs"
    for name in ("alice", "bob"):
        _uuid_13(subs / name)
    env = {**os.environ, "GRADER_OWNER": owner(), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", "challenge-13", str(subs), "--jobs", "2",
                           "--sandbox", "local", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    runs = [json.loads((tmp_path / "out" / "runs" / f"{n}.json").read_text()) for n in ("alice", "bob")]
    assert [r["percent"] for r in runs] == [100.0, 100.0]
    assert sorted(r["dependencies"]["source"] for r in runs) == ["cache", "installed"]
    assert len(_installed_sets(tmp_path / "cache")) == 1


def test_pyproject_dependencies_and_curated_pins(tmp_path, monkeypatch):
    from grader import deps
    from grader.submission import detect

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sub = _write(tmp_path / "a", {"main.py": "", "pyproject.toml":
                                  '[project]\nname = "x"\ndependencies = ["starlette>=1.0", "uvicorn", "pydantic>=2"]\n'})
    plan = deps.plan(detect(sub))
    assert plan is not None and plan.unsatisfied == ["pydantic"]  # starlette 1.10.0 and uvicorn are curated
    assert plan.files["requirements.txt"] == b"starlette>=1.0\nuvicorn\npydantic>=2\n"
    curated = _write(tmp_path / "b", {"app.py": "", "requirements.txt": "starlette==1.10.0  # pinned\nuvicorn>=0.30\n"})
    assert deps.plan(detect(curated)) is None
    with pytest.raises(deps.InstallFailed, match=r"^requirements.txt line 1: pip options \(--index-url\) are not accepted"):
        deps.plan(detect(_write(tmp_path / "c", {"app.py": "", "requirements.txt": "--index-url http://x/\nflask\n"})))


def test_starters_and_reference_solutions_install_nothing(tmp_path, monkeypatch):
    # they must grade offline, at the curated versions (docs/authoring.md)
    from grader import deps
    from grader.submission import detect

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folders = [p for p in (SOLUTIONS.parent / "challenges").glob("*/starter/*") if p.is_dir()]
    folders += [p for p in SOLUTIONS.glob("*/*") if p.is_dir() and p.name != "alternatives"]
    # (the alternatives in solutions/*/alternatives/ may declare other packages: graded with their
    # installs by tests/test_alternatives.py; challenge-51's node-esm-knex installs knex)
    assert len(folders) > 100
    wanting = {str(p): deps.plan(detect(p)).unsatisfied for p in folders if deps.plan(detect(p))}
    assert wanting == {}
