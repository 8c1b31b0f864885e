"""The `grade` command. Thin: parse, call, print. Grader errors -> one line + hint, exit 2.

Exit codes: 0 every check passed (or the score met --min-score), 1 some check failed or the
server did not start, 2 usage or grader error, 130 interrupted.
"""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import click

from . import __version__, challenges, paths, scoring
from .errors import ExitCode, GraderError, UsageError
from .report import terminal
from .report.outputs import ReportTargets, report_options, write_reports


class DefaultToRun(click.Group):
    """`grade challenge-13 ./submission` is `grade run challenge-13 ./submission`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["run", *args]
        return super().parse_args(ctx, args)


CLEANUP_GRACE = 15.0  # seconds the normal clean-up gets after a signal before the watchdog acts


def _raise_interrupt(signum, frame):  # SIGTERM -> the same clean-up path as Ctrl-C
    # a second signal (Ctrl-C pressed twice, or Ctrl-C to a batch's group and then the batch's
    # own SIGTERM to its gradings) must not cut the clean-up short and leave a container behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_watchdog, name="interrupt-watchdog", daemon=True).start()
    raise KeyboardInterrupt


def _watchdog() -> None:
    """The exception a signal raises can land anywhere, even inside a library between taking a
    lock and releasing it; a clean-up that then waits on that lock would hang for ever. If the
    process is still alive after CLEANUP_GRACE, remove this process's containers through a fresh
    engine connection and exit (the local sandbox's processes die with it: PR_SET_PDEATHSIG)."""
    time.sleep(CLEANUP_GRACE)
    sys.stderr.write(f"\ninterrupted: the clean-up did not finish within {CLEANUP_GRACE:g}s; "
                     "removing this grading's containers directly\n")
    faulthandler.dump_traceback(all_threads=True)  # where it was stuck, for a bug report
    try:
        from .sandbox.cleanup import remove_own

        remove_own()
    except Exception as exc:  # noqa: BLE001 - no engine: nothing of ours can be left in it
        sys.stderr.write(f"(direct removal failed: {exc}; `grade cleanup` removes leftovers)\n")
    sys.stderr.flush()
    os._exit(ExitCode.INTERRUPTED)


def main(args: list[str] | None = None, prog_name: str | None = None) -> None:
    code = _main(args, prog_name)
    # Every report is written, every file closed and every sandbox removed by now. The
    # interpreter's own tear-down of the loaded pytest, docker and httpx takes ~80 ms (measured),
    # which a candidate re-running the checks waits for each time: skip it.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _main(args: list[str] | None = None, prog_name: str | None = None) -> int:
    # SIGINT too: a process started from a non-interactive shell's background job inherits SIGINT
    # as *ignored*, and Python then installs no KeyboardInterrupt handler (seen on a CI run)
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    # a grading that seems hung: `kill -USR1 PID` prints every thread's stack to stderr
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        cli.main(args, prog_name=prog_name, standalone_mode=False)
        return ExitCode.OK
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (ExitCode.OK if exc.code is None else ExitCode.FAILED)
    except GraderError as exc:
        from .report.safe import neutral  # a message can name a file of the submission

        click.secho(f"error: {neutral(exc.message)}", fg="red", err=True)
        if exc.hint:
            click.echo(f"hint: {neutral(exc.hint)}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return ExitCode.USAGE
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        return ExitCode.INTERRUPTED
    except KeyboardInterrupt:
        click.echo("\ninterrupted: the sandbox was stopped and removed", err=True)
        return ExitCode.INTERRUPTED


@click.group(cls=DefaultToRun, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grade")
def cli() -> None:
    """Grade a live-coding submission: `grade challenge-13 ./submission`."""


@cli.command("run")
@click.argument("challenge_id", metavar="CHALLENGE")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option("--sandbox", type=click.Choice(["auto", "docker", "local"]), default="auto", show_default=True,
              help="docker isolates the submission; local runs it as a child process (not isolated).")
@click.option("--lang", "track", type=click.Choice(["node", "python"]), help="Track (default: detected).")
@click.option("--seed", type=int, help="Seed for randomised test data (recorded in the result).")
@click.option("--public-only", is_flag=True, help="Run only the checks a candidate may see.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write the JSON result here.")
@click.option("--min-score", type=click.FloatRange(0, 100), help="Exit 0 when the score (percent) is at least this.")
@click.option("--startup-timeout", type=click.FloatRange(0.5, 600), help="Seconds the server may take to answer (default: the challenge's).")
@click.option("--offline", is_flag=True, envvar="GRADER_OFFLINE",
              help="Never install declared dependencies: grade with the runtime's curated packages (also GRADER_OFFLINE=1).")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines, only the report.")
@click.option("--service", "given_services", multiple=True, metavar="KIND=URL",
              help="Local sandbox: use this server for a service instead of starting one "
                   "(postgres=postgresql://..., mongo=mongodb://..., redis=redis://HOST:PORT/N); "
                   "a database of the grading's own is created and dropped.")
@report_options
def run_cmd(challenge_id, submission, sandbox, track, seed, public_only, json_path, min_score, startup_timeout, offline,
            quiet, given_services, reports: ReportTargets) -> None:
    """Grade SUBMISSION (a folder) against CHALLENGE (e.g. challenge-13 or 13)."""
    candidate = reports.audience(public_only) == "candidate"
    from .run import GradeOptions, grade  # pytest and httpx load only when a grading runs

    counter = {"n": 0, "total": 0}
    out = sys.stdout  # the suite runs with stdout redirected; progress goes to the real one

    def on_start(total: int) -> None:
        counter["total"] = total
        if not quiet:
            click.echo(f"running {total} checks", file=out)

    def on_check(result) -> None:
        counter["n"] += 1
        if result.message.startswith(terminal.NOT_STARTED):
            return  # the report says it once, not a line per check
        if not quiet and not (candidate and result.visibility == "hidden"):  # a candidate never sees hidden names
            click.echo(terminal.progress_line(result, counter["n"], counter["total"]), file=out)

    given = {}
    if given_services:  # the services package is imported only when a grading needs it
        from .services.local import parse_given

        given = parse_given(given_services)
    opts = GradeOptions(
        sandbox=sandbox, track=track, seed=seed, public_only=public_only, startup_timeout=startup_timeout,
        offline=offline, on_check=on_check, on_start=on_start, services=given,
        on_status=None if quiet else (lambda msg: click.echo(click.style(msg, dim=True))),
    )
    result = grade(challenge_id, submission, opts)
    for warning in opts.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    click.echo(terminal.render(result, show_hidden_details=not candidate))
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(result.to_json() + "\n", encoding="utf-8")
    write_reports(result, reports)  # every report is written before the exit code is decided
    sys.exit(ExitCode.OK if scoring.meets(result, min_score) else ExitCode.FAILED)


@cli.command("watch")
@click.argument("challenge_id", metavar="CHALLENGE")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--public-only/--all", "public_only", default=True, show_default=True,
              help="Public checks (candidates), or every check (interviewers: hidden ones named too).")
@click.option("--sandbox", type=click.Choice(["auto", "docker", "local"]), default="auto", show_default=True)
@click.option("--lang", "track", type=click.Choice(["node", "python"]), help="Track (default: detected).")
@click.option("--seed", type=int, help="Seed for randomised test data, one for the whole session.")
@click.option("--serve", is_flag=False, flag_value=str(8765), default=None, metavar="[PORT]",
              help="Also serve a live page (default 127.0.0.1:8765).")
@click.option("--host", default=None, help="Address for --serve (default 127.0.0.1; another one only when given here).")
@click.option("--debounce", "debounce_ms", type=click.IntRange(10, 5000), default=50, show_default=True,
              help="Milliseconds of quiet after a save before the checks run again.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write the session (timeline, times checks first passed) here on exit.")
@click.option("--offline", is_flag=True, envvar="GRADER_OFFLINE", help="Never install declared dependencies.")
def watch_cmd(challenge_id, directory, public_only, sandbox, track, seed, serve, host, debounce_ms, json_path,
              offline) -> None:
    """Grade DIRECTORY against CHALLENGE on every save, in one sandbox kept for the session."""
    from . import watch
    from .run import GradeOptions

    where = None if serve is None and host is None else _serve_address(serve, host)
    opts = watch.WatchOptions(
        grade=GradeOptions(sandbox=sandbox, track=track, seed=seed, public_only=public_only, offline=offline,
                           on_status=lambda msg: click.echo(click.style(msg, dim=True))),
        audience="candidate" if public_only else "interviewer", debounce_ms=debounce_ms,
    )
    watch.run(challenge_id, directory, opts, json_path=json_path, serve=where, emit=click.echo)


def _serve_address(serve: str | None, host: str | None) -> tuple[str, int]:
    from .watch.page import parse_serve

    return parse_serve(serve or "8765", host)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@click.option("--markdown", is_flag=True, help="Print the catalogue as a Markdown table (the README's).")
def list_cmd(as_json: bool, markdown: bool) -> None:
    """The challenge catalogue."""
    items = challenges.all_challenges()
    if markdown:
        click.echo("| id | title | tier | min | tags | tracks |\n|---|---|---|---|---|---|")
        for c in items:
            click.echo(f"| {c.id} | {c.title} | {c.tier} | {c.minutes} | {', '.join(c.tags)} | {', '.join(c.tracks)} |")
        return
    if as_json:
        click.echo(json.dumps([
            {"id": c.id, "slug": c.slug, "title": c.title, "tier": c.tier, "minutes": c.minutes,
             "tags": list(c.tags), "tracks": list(c.tracks)} for c in items], indent=2))
        return
    click.echo(f"{'id':<13} {'tier':<4} {'min':>3}  {'title':<34} {'tracks':<12} tags")
    for c in items:
        click.echo(f"{c.id:<13} {c.tier:<4} {c.minutes:>3}  {c.title[:34]:<34} {','.join(c.tracks):<12} {', '.join(c.tags)}")
    click.echo(f"{len(items)} challenges")


@cli.command("show")
@click.argument("challenge_id", metavar="CHALLENGE")
def show_cmd(challenge_id: str) -> None:
    """Print a challenge's spec (its README)."""
    click.echo(challenges.get(challenge_id).readme.read_text(encoding="utf-8"))


@cli.command("init")
@click.argument("challenge_id", metavar="CHALLENGE")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--lang", "track", type=click.Choice(["node", "python"]), required=True)
def init_cmd(challenge_id: str, directory: Path, track: str) -> None:
    """Copy a challenge's starter for one track into DIRECTORY."""
    challenge = challenges.get(challenge_id)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"'{directory}' exists and is not empty", hint="choose a new or empty folder")
    shutil.copytree(challenge.starter(track), directory, dirs_exist_ok=True)
    shutil.copy(challenge.readme, directory / "CHALLENGE.md")
    click.echo(f"{challenge.id} ({track}) starter in {directory}; spec in {directory / 'CHALLENGE.md'}")
    click.echo(f"grade it with: grade {challenge.id} {directory}")


@cli.command("export")
@click.argument("challenge_id", metavar="CHALLENGE")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_cmd(challenge_id: str, directory: Path) -> None:
    """Write a candidate kit into DIRECTORY/CHALLENGE: spec, starters, challenge.toml, PUBLIC checks only."""
    from .export import export_kit

    kit = export_kit(challenges.get(challenge_id), directory)
    click.echo(f"kit in {kit} (public checks only); grade with it:")
    click.echo(f"  GRADER_CHALLENGES={directory} grade {kit.name} SUBMISSION")


@cli.command("ci")
@click.option("--base", required=True, help="The PR's base (commit or ref).")
@click.option("--head", default="HEAD", show_default=True, help="The PR's head.")
@click.option("--repo", type=click.Path(path_type=Path), default=Path.cwd, show_default="the current folder",
              help="The checkout of the PR.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("grade-out"), show_default=True,
              help="Where the reports go.")
@click.option("--sandbox", type=click.Choice(["auto", "docker", "local"]), default="docker", show_default=True)
@click.option("--min-score", type=float, default=None, help="Pass at this percent (default: every check).")
@click.option("--interviewer", is_flag=True, help="Name hidden checks in the reports (private repos only).")
@click.option("--timeout", type=float, default=900.0, show_default=True, help="Seconds one grading may take.")
def ci_cmd(base, head, repo, out, sandbox, min_score, interviewer, timeout) -> None:
    """Grade the submissions a pull request changed (submissions/<name>/), for CI: one report per
    submission, a joint summary.md (also appended to $GITHUB_STEP_SUMMARY). Exit 0 when every
    changed submission met the bar."""
    from . import ci

    opts = ci.Options(sandbox=sandbox, min_score=min_score, interviewer=interviewer, timeout=timeout)
    sys.exit(ci.run(repo, out, base, head, opts))


@cli.command("cleanup")
@click.option("--all", "everything", is_flag=True, help="Also remove those of gradings still running.")
def cleanup_cmd(everything: bool) -> None:
    """Remove containers and networks left behind by a grader that was killed (e.g. kill -9).

    Gradings still running are left alone unless --all is given."""
    from .sandbox.cleanup import cleanup_leftovers

    containers, networks = cleanup_leftovers(everything)
    click.echo(f"removed {containers} container(s) and {networks} network(s)")


@cli.command("setup-local")
def setup_local_cmd() -> None:
    """Install the curated Node packages for the local sandbox (npm install runtime/package.json)."""
    target = paths.local_node_modules().parent
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.runtime_dir() / "package.json", target / "package.json")
    npm = shutil.which("npm")
    if npm is None:
        raise GraderError("npm is not installed", hint="install Node.js 18+ with npm")
    click.echo(f"installing the runtime's Node packages into {target} ...")
    code = subprocess.call([npm, "install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target)
    if code:
        raise GraderError(f"npm install failed with exit code {code}")
    click.echo("done: the local sandbox finds them through NODE_PATH")


@cli.command("batch")
@click.argument("challenge_id", metavar="CHALLENGE")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Gradings at a time.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Output folder (default: DIRECTORY/../grades-CHALLENGE).")
@click.option("--sandbox", type=click.Choice(["auto", "docker", "local"]), default="auto", show_default=True)
@click.option("--seed", type=int, help="One seed for every submission (default: a random one, recorded).")
@click.option("--public-only", is_flag=True, help="Run only the public checks.")
@click.option("--timeout", type=float, default=600.0, show_default=True, help="Seconds one grading may take.")
@click.option("--offline", is_flag=True, envvar="GRADER_OFFLINE", help="Never install declared dependencies.")
@click.option("--shard", "shard_spec", metavar="K/N",
              help="Grade only shard K of N (K from 0; split by a hash of each folder's name); join with `grade merge`.")
def batch_cmd(challenge_id, directory, jobs, out_dir, sandbox, seed, public_only, timeout, offline, shard_spec) -> None:
    """Grade every submission folder in DIRECTORY, JOBS at a time; one row per submission."""
    import random

    from .batch import batch_info, run_batch, submissions_in
    from .shard import parse

    challenge = challenges.get(challenge_id)
    shard = parse(shard_spec) if shard_spec is not None else None
    every = submissions_in(directory)
    subs = shard.select(every) if shard else every
    if shard and seed is None:  # every shard must grade with one seed: a random one each would differ
        raise UsageError("--shard needs --seed", hint="pick one seed and give it to every shard, e.g. --seed 1234")
    out_dir = out_dir or directory.resolve().parent / f"grades-{challenge.id}"
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
    extra = ["--sandbox", sandbox, "--seed", str(seed)] + (["--public-only"] if public_only else [])
    extra += ["--offline"] if offline else []
    part = f" (shard {shard}: {len(subs)} of {len(every)})" if shard else ""
    click.echo(f"grading {len(subs)} submissions of {challenge.id}{part}, {jobs} at a time (seed {seed}) -> {out_dir}")
    with click.progressbar(length=len(subs), label="graded", show_pos=True, file=sys.stderr) as bar:
        rows = run_batch(main, challenge.id, directory, out_dir, jobs=jobs, extra=extra, timeout=timeout,
                         on_row=lambda _row: bar.update(1), info=batch_info(challenge, seed, public_only), shard=shard)
    print_rows(rows)
    click.echo(f"wrote {out_dir / 'index.html'} (overview), batch.json and batch.csv")
    sys.exit(ExitCode.OK if all(r.status == "passed" for r in rows) else ExitCode.FAILED)


@cli.command("merge")
@click.argument("shard_outs", nargs=-1, required=True, metavar="SHARD_OUT...", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the merged batch.")
@click.option("--allow-missing", is_flag=True, help="Write what the shards hold even if a shard or a submission is missing (recorded as incomplete).")
def merge_cmd(shard_outs, out_dir, allow_missing) -> None:
    """Join the outputs of `grade batch --shard K/N` into one batch.json, batch.csv and index.html."""
    from .errors import MergeRefused
    from .merge import merge, write_merged
    from .report.safe import neutral

    merged = merge(list(shard_outs))
    gaps = ([f"shard {s} missing" for s in merged.missing_shards]
            + [f"submission '{neutral(n)}' has no row (its shard did not finish it)" for n in merged.missing])
    for gap in gaps:
        click.secho(f"{'warning' if allow_missing else 'error'}: {gap}", fg="yellow" if allow_missing else "red", err=True)
    if gaps and not allow_missing:
        raise MergeRefused(f"the shards are incomplete ({len(gaps)} gap(s) above): nothing written",
                           hint="grade the missing shards, or pass --allow-missing to write what there is")
    write_merged(merged, out_dir)
    click.echo(f"merged {len(shard_outs)} shard(s) of {merged.info['shards']}: {len(merged.rows)} submissions of "
               f"{merged.info['challenge']} (seed {merged.info['seed']}) -> {out_dir}")
    from .batch import Row

    print_rows([Row(**{k: r[k] for k in Row.__dataclass_fields__ if k in r}) for r in merged.rows])
    click.echo(f"wrote {out_dir / 'index.html'} (overview), batch.json and batch.csv")
    sys.exit(ExitCode.OK if merged.complete and all(r["status"] == "passed" for r in merged.rows) else ExitCode.FAILED)


def print_rows(rows) -> None:
    from .report.safe import neutral  # folder names and messages are the candidates' text

    width = max([len("submission")] + [len(neutral(r.name)) for r in rows])
    click.echo(f"{'submission':<{width}}  {'track':<6} {'score':>11} {'%':>5}  {'status':<11} {'time':>6}")
    for r in rows:
        colour = {"passed": "green", "failed": "yellow"}.get(r.status, "red")
        click.echo(f"{neutral(r.name):<{width}}  {r.track:<6} {r.score:>5g}/{r.max_score:<5g} {r.percent:>5.0f}  "
                   + click.style(f"{r.status:<11}", fg=colour) + f" {r.duration:>5.1f}s"
                   + (f"  {neutral(r.message)}" if r.message and r.status != "passed" else ""))


@cli.group("cache")
def cache_group() -> None:
    """The cache of installed submission dependencies ($XDG_CACHE_HOME/live-grader/deps)."""


@cache_group.command("info")
def cache_info_cmd() -> None:
    """Where the cache is, how many dependency sets it holds, their size."""
    from . import deps

    info = deps.cache_info()
    click.echo(f"{info['path']}: {info['entries']} installed dependency set(s), {info['bytes'] / 1e6:.1f} MB")


@cache_group.command("clear")
def cache_clear_cmd() -> None:
    """Remove every cached dependency set (the next grading installs again)."""
    from . import deps

    click.echo(f"removed {deps.cache_clear()} installed dependency set(s) from {deps.cache_root()}")


@cli.group("image")
def image_group() -> None:
    """Build or inspect the sandbox runtime image and the services image."""


@image_group.command("build")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra CA bundle for TLS-intercepting networks (default: $SSL_CERT_FILE if set).")
@click.option("--base", default=None, help="Base image (default: debian:bookworm-slim).")
@click.option("--only", type=click.Choice(["runtime", "services"]), default=None, help="Build just one of the two images.")
def image_build_cmd(ca_bundle: Path | None, base: str | None, only: str | None) -> None:
    """Build the runtime image (Dockerfile) and the services image (Dockerfile.services)."""
    from .sandbox import image

    specs = tuple(s for s in image.IMAGES if only in (None, s.what))
    for tag in image.build(ca_bundle=ca_bundle, base=base, log=lambda line: click.echo(line), only=specs):
        click.echo(f"built {tag}")


@image_group.command("status")
def image_status_cmd() -> None:
    """Say whether the runtime and services images for this checkout are built."""
    from .sandbox import image

    click.echo(image.status())
