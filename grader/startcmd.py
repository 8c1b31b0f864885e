"""The command that starts a submission's server, found the way people write it.

Detection order (README, "How submissions are started"):
- Node: package.json `scripts.start` when it starts Node (`node src/index.js`, `node --env-file=.env
  server.js`, `NODE_ENV=production node app.js`), then a Procfile `web:` line that does, then
  package.json `main`, then server.js, index.js, app.js, main.js (also .mjs/.cjs/.ts), the same in
  src/, then the only script file at the top.
- Python: a Procfile `web:` line (`python app.py`, `uvicorn main:app ...`, `gunicorn`, `flask run`,
  `fastapi run`), then app.py, main.py, server.py (also in src/): run as `python FILE` when the file
  starts a server itself (it has an `if __name__ == "__main__":` block), else its app object is
  started by the grader: ASGI (FastAPI, Starlette, ...) with uvicorn, Flask with `flask run`;
  then the only .py file at the top.

Commands are split like a shell would (shlex) but never run by one: an `&&`, `|` or `;` makes a
line unusable. Leading `NAME=value` words become environment defaults (the grader's own variables,
PORT and the challenge's, win). `$PORT` / `${PORT}` stay literal here: the sandbox expands them
at every start, because a restart may change PORT.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

NODE_NAMES = ("server", "index", "app", "main")
NODE_EXTS = (".js", ".mjs", ".cjs", ".ts", ".mts")
PYTHON_ENTRIES = ("app.py", "main.py", "server.py")
PY_TOOLS = {"uvicorn": "uvicorn", "gunicorn": "gunicorn", "flask": "flask", "fastapi": "fastapi",
            "hypercorn": "hypercorn", "waitress-serve": "waitress"}
SHELL_OPERATORS = {"&&", "||", "|", ";", "&", ">", ">>", "<", "2>&1"}
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# constructors of app objects the grader can serve: ASGI with uvicorn, WSGI (Flask) with flask run
ASGI_FACTORIES = {"FastAPI", "Starlette", "Quart", "Litestar", "Sanic"}
WSGI_FACTORIES = {"Flask"}


class Ambiguous(Exception):
    """str() is the one line telling the candidate which file to name."""


@dataclass(frozen=True)
class StartCommand:
    interpreter: str  # "node" | "python": replaced by the sandbox's own binary
    args: tuple[str, ...]  # after the interpreter; may hold $PORT
    entry: str  # the main file, relative to the submission
    env: dict[str, str] = field(default_factory=dict)  # defaults from `NAME=value node ...`
    origin: str = ""  # where it was found, for the progress line


def _words(line: str) -> tuple[dict[str, str], list[str]] | None:
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None
    if any(w in SHELL_OPERATORS for w in words):
        return None
    env = {}
    while words and _ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    if words and words[0] in ("env", "cross-env"):  # `cross-env NODE_ENV=production node x.js`
        words.pop(0)
        while words and _ASSIGNMENT.match(words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
    return env, words


def _node_file(args: list[str], root: Path) -> str | None:
    """The script node would run: the first argument that is not an option (or an option's value)."""
    takes_value = {"-r", "--require", "--import", "--loader", "--experimental-loader", "--env-file",
                   "--inspect-port", "--title", "--conditions", "-C", "--input-type"}
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-e", "--eval", "-p", "--print"):
            return None  # inline code: not a file we can name
        if a.startswith("-"):
            i += 2 if a in takes_value else 1
            continue
        return a if (root / a).is_file() else None
    return None


def parse_node(line: str, root: Path, origin: str) -> StartCommand | None:
    parsed = _words(line)
    if parsed is None:
        return None
    env, words = parsed
    if not words or words[0] not in ("node", "nodejs"):
        return None
    args = words[1:]
    entry = _node_file(args, root)
    if entry is None:
        return None
    if entry.endswith((".ts", ".mts")) and "--experimental-strip-types" not in args:
        args = ["--experimental-strip-types", *args]
    return StartCommand("node", tuple(args), entry, env, origin)


def parse_python(line: str, root: Path, origin: str) -> StartCommand | None:
    parsed = _words(line)
    if parsed is None:
        return None
    env, words = parsed
    if not words:
        return None
    if words[0] in ("python", "python3"):
        args = words[1:]
        if args[:1] == ["-m"] and len(args) > 1:
            return StartCommand("python", tuple(args), args[1], env, origin)
        file = next((a for a in args if not a.startswith("-")), None)
        return StartCommand("python", tuple(args), file, env, origin) if file and (root / file).is_file() else None
    tool = PY_TOOLS.get(words[0])
    if tool is None:
        return None
    target = next((w for w in words[1:] if not w.startswith("-") and w not in ("run", "dev")), "")
    return StartCommand("python", ("-m", tool, *words[1:]), target.split(":")[0], env, origin)


def _procfile_web(root: Path) -> str | None:
    path = root / "Procfile"
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        name, sep, command = line.partition(":")
        if sep and name.strip() == "web":
            return command.strip()
    return None


def _package_json(root: Path) -> dict:
    try:
        data = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _only_script(root: Path, exts: tuple[str, ...], hint: str) -> str | None:
    files = sorted(p.name for p in root.iterdir() if p.is_file() and p.suffix in exts)
    if len(files) > 1:
        raise Ambiguous(f"cannot tell which file starts the server ({', '.join(files[:6])}): {hint}")
    return files[0] if files else None


def node(root: Path) -> StartCommand | None:
    pkg = _package_json(root)
    scripts = pkg.get("scripts") if isinstance(pkg.get("scripts"), dict) else {}
    start = scripts.get("start")
    if isinstance(start, str) and (cmd := parse_node(start, root, "package.json scripts.start")):
        return cmd
    web = _procfile_web(root)
    if web and (cmd := parse_node(web, root, "Procfile web")):
        return cmd
    main = pkg.get("main")
    candidates = [main] if isinstance(main, str) else []
    candidates += [f"{d}{n}{e}" for d in ("", "src/") for n in NODE_NAMES for e in NODE_EXTS]
    entry = next((c for c in candidates if (root / c).is_file()), None)
    if entry is None:
        entry = _only_script(root, (".js", ".mjs", ".cjs", ".ts"),
                             'name it in package.json "scripts": {"start": "node FILE"}')
    if entry is None:
        return None
    args = ("--experimental-strip-types", entry) if entry.endswith((".ts", ".mts")) else (entry,)
    return StartCommand("node", args, entry, {}, "package.json main" if entry == main else "file name")


def _python_app(path: Path) -> tuple[bool, str | None, str | None]:
    """(starts a server itself, app variable, 'asgi'|'wsgi') of a Python file, from its syntax."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except SyntaxError:
        return True, None, None  # let Python report it
    main_block = any(
        isinstance(n, ast.If) and isinstance(n.test, ast.Compare) and isinstance(n.test.left, ast.Name)
        and n.test.left.id == "__name__" for n in tree.body)
    for n in tree.body:
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and len(n.targets) == 1 \
                and isinstance(n.targets[0], ast.Name):
            func = n.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ASGI_FACTORIES:
                return main_block, n.targets[0].id, "asgi"
            if name in WSGI_FACTORIES:
                return main_block, n.targets[0].id, "wsgi"
    return main_block, None, None


def python(root: Path) -> StartCommand | None:
    web = _procfile_web(root)
    if web and (cmd := parse_python(web, root, "Procfile web")):
        return cmd
    entry = next((f"{d}{e}" for d in ("", "src/") for e in PYTHON_ENTRIES if (root / d / e).is_file()), None)
    if entry is None:
        entry = _only_script(root, (".py",), "name it in a Procfile: web: python FILE")
    if entry is None:
        return None
    runs_itself, app, kind = _python_app(root / entry)
    if runs_itself or app is None:
        return StartCommand("python", (entry,), entry, {}, "file name")
    module = entry[:-3].replace("/", ".")
    if kind == "asgi":
        args = ("-m", "uvicorn", f"{module}:{app}", "--host", "0.0.0.0", "--port", "$PORT")
    else:
        args = ("-m", "flask", "--app", f"{module}:{app}", "run", "--host", "0.0.0.0", "--port", "$PORT")
    return StartCommand("python", args, entry, {}, f"{kind.upper()} app object {app} in {entry}")


def expand_port(args: list[str] | tuple[str, ...], port: str) -> list[str]:
    return [a.replace("${PORT}", port).replace("$PORT", port) for a in args]
