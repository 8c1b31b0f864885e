"""Grade the submissions a pull request adds or changes: `grade ci --base B --head H` (the module
entry `python -m grader.ci ...` is the same command).

Convention: every submission is a folder `submissions/<name>/`. Its challenge is named by a file
`submissions/<name>/challenge` holding the id (`challenge-13`, or `13`), or else by the folder's
name, `challenge-13-<name>`. The folders graded are those with a file in
`git diff --name-only BASE...HEAD -- submissions/` (what the PR changed since it left the base
branch) that still exist in the checkout, which must be HEAD.

Each is graded by the normal `grade` command in its own process (a hidden suite runs under pytest
in-process, which is not re-entrant), writing into OUT/<name>/: result.json, junit.xml,
report.html, summary.md. OUT/summary.md joins the summaries; it is appended to
$GITHUB_STEP_SUMMARY when set and is what the workflow posts on the PR. A PR is shown to its
author, so the reports are candidate-facing unless --interviewer is given; result.json always
names every check (it is the full result), so the workflow does not upload it.

Exit codes: 0 every changed submission met the bar (every check passed, or --min-score);
1 one did not, or could not be graded; 2 usage error (not a git repository, unknown ref).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..challenges import normalise_id
from ..errors import ExitCode, GraderError
from ..report.markdown import append_step_summary, cell
from ..report.safe import neutral

SUBMISSIONS = "submissions"
_FOLDER_ID = re.compile(r"^challenge-(\d{1,3})-.+")


@dataclass
class Options:
    sandbox: str = "docker"
    min_score: float | None = None  # pass at this percent (default: every check)
    interviewer: bool = False  # name hidden checks in the reports (private repos only)
    timeout: float = 900.0  # seconds one grading may take


@dataclass
class Graded:
    name: str
    challenge: str  # "" when it could not be told
    code: int  # the grade command's exit code (0 met the bar, 1 did not, 2 could not grade)
    summary: str  # Markdown


def changed_submissions(repo: Path, base: str, head: str) -> list[str]:
    proc = subprocess.run(["git", "-C", str(repo), "diff", "--name-only", f"{base}...{head}", "--", f"{SUBMISSIONS}/"],
                          capture_output=True, text=True)
    if proc.returncode:
        raise GraderError(f"git diff {base}...{head} failed: {proc.stderr.strip()}",
                          hint="run in a clone with both refs fetched (actions/checkout with fetch-depth: 0)")
    names = {Path(line).parts[1] for line in proc.stdout.splitlines() if len(Path(line).parts) >= 3}
    return sorted(n for n in names if (repo / SUBMISSIONS / n).is_dir())


def challenge_of(folder: Path) -> str:
    """The challenge a submission targets: its `challenge` file, else its folder name."""
    marker = folder / "challenge"
    if marker.is_file():
        text = marker.read_text(encoding="utf-8").strip()
        return normalise_id(text.splitlines()[0] if text else "")
    if m := _FOLDER_ID.match(folder.name):
        return normalise_id(m.group(1))
    raise GraderError(f"cannot tell which challenge {folder.name} targets",
                      hint=f"add a file {SUBMISSIONS}/{folder.name}/challenge holding e.g. challenge-13, "
                           "or name the folder challenge-13-<name>")


def grade_folder(folder: Path, out: Path, args: Options) -> Graded:
    dest = out / folder.name
    dest.mkdir(parents=True, exist_ok=True)
    try:
        challenge = challenge_of(folder)
    except GraderError as exc:
        return Graded(folder.name, "", ExitCode.USAGE, f"## ⚠️ {cell(folder.name)}: not graded\n\n{cell(exc.message)}: {cell(exc.hint or '')}\n")
    cmd = [sys.executable, "-m", "grader", "run", challenge, str(folder), "--sandbox", args.sandbox, "-q",
           "--json", str(dest / "result.json"), "--junit", str(dest / "junit.xml"),
           "--html", str(dest / "report.html"), "--markdown", str(dest / "summary.md")]
    cmd += [] if args.interviewer else ["--candidate"]
    cmd += [] if args.min_score is None else ["--min-score", str(args.min_score)]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}  # one joint summary, below
    try:
        # from the grader's own folder: `-m grader` must never import a `grader/` of the submissions checkout
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.timeout, cwd=paths.repo_root())
        code, log, err = proc.returncode, proc.stdout + proc.stderr, proc.stderr.strip()
    except subprocess.TimeoutExpired:
        code, log, err = ExitCode.USAGE, "", f"the grading did not finish within {args.timeout:g}s"
    (dest / "grade.log").write_text(log, encoding="utf-8")
    if code in (0, 1) and (dest / "summary.md").is_file():
        summary = f"**`{SUBMISSIONS}/{neutral(folder.name)}`**\n\n" + (dest / "summary.md").read_text(encoding="utf-8")
    else:  # a grader or usage error: no result, the reason is on stderr
        reason = (err or f"grade exited with code {code}").splitlines()
        summary = f"## ⚠️ {cell(folder.name)} ({challenge}): not graded\n\n" + "\n".join(f"> {cell(r)}" for r in reason) + "\n"
    return Graded(folder.name, challenge, code, summary)


def run(repo: Path, out: Path, base: str, head: str = "HEAD", args: Options | None = None) -> int:
    """Grade what the PR changed into `out`; the exit code (ExitCode.OK when every changed
    submission met the bar). Raises GraderError when the refs cannot be compared."""
    args = args or Options()
    repo, out = repo.resolve(), out.resolve()  # the gradings run in the grader's folder
    names = changed_submissions(repo, base, head)
    out.mkdir(parents=True, exist_ok=True)
    graded = [grade_folder(repo / SUBMISSIONS / name, out, args) for name in names]
    for g in graded:
        print(f"{neutral(g.name)}: {g.challenge or '?'} exit {g.code}")
    if graded:
        ok = sum(1 for g in graded if g.code == 0)
        title = f"# Grading: {ok}/{len(graded)} submission(s) met the bar\n\n"
        text = title + "\n---\n\n".join(g.summary for g in graded)
    else:
        text = f"# Grading\n\nNo folder under `{SUBMISSIONS}/` changed in this pull request: nothing to grade.\n"
    (out / "summary.md").write_text(text, encoding="utf-8")
    append_step_summary(text)
    return ExitCode.OK if all(g.code == 0 for g in graded) else ExitCode.FAILED
