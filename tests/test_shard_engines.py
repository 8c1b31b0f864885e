"""The sharded batch on existing engines, as far as this machine can run it: the Kubernetes Indexed
Job validates against the API's models and its grader command, run for every index against this
machine's Docker engine, grades shard i/N; the Actions workflow's own steps (plan, each matrix
shard, merge) run from the workflow file, artifacts handed on as upload/download-artifact do.
Neither a cluster nor an Actions runner is here: the engines themselves are not exercised."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from k8s_models import strict_errors, to_model

from grader.shard import shard_of
from helpers import CHALLENGES, ROOT, SOLUTIONS, apply_mutant, load_mutants, owner

K8S = ROOT / "deploy" / "k8s"
WORKFLOW = ROOT / ".github" / "workflows" / "batch-shards.yml"
VENV_BIN = Path(sys.executable).parent
EXPECTED = {"ann": ("passed", 100.0), "ben": ("failed", None), "cat": ("failed", 0.0), "dan": ("error", 0.0)}


def four_submissions(dest: Path) -> Path:
    shutil.copytree(SOLUTIONS / "challenge-01" / "node", dest / "ann")
    apply_mutant("challenge-01", load_mutants("challenge-01")[0], dest / "ben")
    shutil.copytree(CHALLENGES / "challenge-01" / "starter" / "python", dest / "cat")
    (dest / "dan").mkdir()  # empty: an error row
    assert sorted({shard_of(n, 3) for n in EXPECTED}) == [0, 1, 2], "every shard should own one"
    return dest


def check_merged(out: Path, seed: int) -> None:
    data = json.loads((out / "batch.json").read_text())
    rows = {r["name"]: r for r in data["rows"]}
    assert sorted(rows) == sorted(EXPECTED) and data["seed"] == seed and data["shards"] == 3 and "incomplete" not in data
    for name, (status, percent) in EXPECTED.items():
        assert rows[name]["status"] == status, rows[name]
        if percent is not None:
            assert rows[name]["percent"] == percent, rows[name]
    assert 0 < rows["ben"]["percent"] < 100
    assert (out / "index.html").is_file() and (out / "batch.csv").is_file() and (out / "runs" / "ann.html").is_file()


def env_of(container) -> dict[str, str]:
    return {e.name: e.value for e in container.env}


# --- Kubernetes -------------------------------------------------------------------------------

def manifests() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(K8S.glob("*.yaml"))}


def test_manifests_validate_against_the_kubernetes_models():
    docs = manifests()
    assert set(docs) == {"batch-shards-job.yaml", "batch-merge-job.yaml"}
    jobs = {name: to_model(doc) for name, doc in docs.items()}  # strict: unknown fields, types, required ones
    job = jobs["batch-shards-job.yaml"]
    spec, pod = job.spec, job.spec.template.spec
    assert (job.api_version, job.kind, spec.completion_mode) == ("batch/v1", "Job", "Indexed")
    grader = next(c for c in pod.containers if c.name == "grader")
    env = env_of(grader)
    assert spec.completions == spec.parallelism == int(env["SHARDS"]), "one pod per shard, all at once"
    assert pod.restart_policy == "Never"
    (engine,) = pod.init_containers
    assert engine.restart_policy == "Always" and engine.security_context.privileged, "a native, privileged sidecar"
    assert engine.image.startswith("docker:") and "dind" in engine.image
    sock = re.search(r"--host=unix://(\S+)", " ".join(engine.args)).group(1)
    assert env["DOCKER_HOST"] == f"unix://{sock}"
    shared = {m.name for m in engine.volume_mounts if sock.startswith(m.mount_path)}
    assert shared and shared <= {m.name for m in grader.volume_mounts if sock.startswith(m.mount_path)}, "the socket is shared"
    assert any(v.name in shared and v.empty_dir is not None for v in pod.volumes)
    merge = jobs["batch-merge-job.yaml"].spec.template.spec.containers[0]
    assert env_of(merge)["SHARDS_DIR"] == env["OUT"], "the merge reads where the shards write"


def test_the_strict_check_catches_what_the_client_would_drop():
    doc = manifests()["batch-shards-job.yaml"]
    doc["spec"]["completionmode"] = "Indexed"  # misspelt: the client's deserializer ignores it
    doc["spec"]["template"]["spec"]["containers"][0]["env"][0]["valeu"] = "x"
    doc["spec"]["parallelism"] = "3"
    errors = strict_errors(doc, "V1Job", "V1Job")
    assert any(e.endswith("spec.completionmode: not a field of V1JobSpec") for e in errors), errors
    assert any("env[0].valeu: not a field of V1EnvVar" in e for e in errors), errors
    assert any("spec.parallelism: int expected" in e for e in errors), errors
    doc = manifests()["batch-shards-job.yaml"]
    del doc["spec"]["template"]["spec"]["containers"][0]["name"]  # required by V1Container
    with pytest.raises(ValueError, match="name"):
        to_model(doc)


def run_container(container, env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    """A container's command as its pod runs it: its env, in the grader's folder (workingDir),
    with the grader's Python as `python` (the image's)."""
    assert container.working_dir == "/opt/live-grader"
    full = {**os.environ, **env, "PATH": f"{VENV_BIN}:{os.environ['PATH']}", "GRADER_OWNER": owner()}
    return subprocess.run(container.command, env=full, cwd=ROOT, capture_output=True, text=True, timeout=300, **kw)


@pytest.mark.docker
def test_the_indexed_jobs_command_grades_shard_i_of_n_and_the_merge_job_joins_them(tmp_path, docker_ready):
    subs = four_submissions(tmp_path / "subs")
    job = to_model(manifests()["batch-shards-job.yaml"])
    grader = job.spec.template.spec.containers[0]
    env = env_of(grader)
    mounts = {m.mount_path: m for m in grader.volume_mounts}
    assert env["SUBMISSIONS"] in mounts and any(env["OUT"].startswith(p + "/") for p in mounts if p != "/var/run")
    n = job.spec.completions
    # the volumes' paths become folders here; the challenge is a placeholder to set
    local = {"SUBMISSIONS": str(subs), "OUT": str(tmp_path / "out" / "shards"), "CHALLENGE": "challenge-01"}
    for i in range(n):
        proc = run_container(grader, {**env, **local, "JOB_COMPLETION_INDEX": str(i)})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        data = json.loads((tmp_path / "out" / "shards" / f"shard-{i}" / "batch.json").read_text())
        assert (data["shard"]["index"], data["shard"]["count"], data["seed"]) == (i, n, int(env["SEED"]))
        assert data["shard"]["owned"] == sorted(name for name in EXPECTED if shard_of(name, n) == i)
        assert f"(shard {i}/{n}:" in proc.stdout
    merge = to_model(manifests()["batch-merge-job.yaml"]).spec.template.spec.containers[0]
    proc = run_container(merge, {"SHARDS_DIR": local["OUT"], "OUT": str(tmp_path / "out" / "batch")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check_merged(tmp_path / "out" / "batch", int(env["SEED"]))


# --- GitHub Actions ---------------------------------------------------------------------------

def workflow() -> dict:
    doc = yaml.safe_load(WORKFLOW.read_text())
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def render(text: str, ctx: dict) -> str:
    """A `${{ }}` expression as Actions would evaluate it, for the few forms the workflow uses;
    any other form fails the test (it would not be simulated)."""
    def one(m: re.Match) -> str:
        expr = m.group(1).strip()
        if f := re.fullmatch(r"fromJSON\((.+)\)", expr):
            return ctx[f.group(1)]
        assert expr in ctx, f"expression not simulated: {expr}"
        return ctx[expr]
    return re.sub(r"\$\{\{(.+?)\}\}", one, str(text))


def step(job: dict, name: str) -> dict:
    return next(s for s in job["steps"] if s.get("name") == name)


def run_step(s: dict, ctx: dict, cwd: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    assert "${{" not in s["run"], "expressions go through env:, never into the script"
    env = {k: render(v, ctx) for k, v in s.get("env", {}).items()}
    full = {**os.environ, **env, **(extra_env or {}), "GRADER_OWNER": owner()}
    return subprocess.run(["bash", "-e", "-c", s["run"]], cwd=cwd, env=full, capture_output=True, text=True, timeout=300)


def test_workflow_wires_plan_matrix_artifacts_and_merge():
    wf = workflow()
    assert "workflow_dispatch" in wf["on"] and {"challenge", "submissions", "shards", "seed", "jobs"} <= set(wf["on"]["workflow_dispatch"]["inputs"])
    plan, grade, merge = wf["jobs"]["plan"], wf["jobs"]["grade"], wf["jobs"]["merge"]
    assert grade["needs"] == "plan" and grade["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    assert grade["strategy"]["fail-fast"] is False
    assert set(merge["needs"]) == {"plan", "grade"} and merge["if"].startswith("always()")
    upload = next(s for s in grade["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    download = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-artifact"))
    assert fnmatch.fnmatch(render(upload["with"]["name"], {"matrix.shard": "7"}), download["with"]["pattern"])
    assert "merge-multiple" not in download["with"], "one folder per shard: shards/shard-K"
    assert set(plan["outputs"]) == {"count", "shards", "seed"}
    assert "--sandbox docker" in step(grade, "Grade this shard")["run"]


@pytest.mark.docker
def test_workflow_steps_grade_each_matrix_shard_and_merge_them(tmp_path, docker_ready):
    wf = workflow()
    ws, temp = tmp_path / "workspace", tmp_path / "runner-temp"  # a checkout of the grader with the submissions
    ws.mkdir(), temp.mkdir()
    (ws / ".venv").symlink_to(ROOT / ".venv")  # what scripts/setup.sh made
    four_submissions(ws / "subs")
    ctx = {"inputs.challenge": "challenge-01", "inputs.submissions": "subs", "inputs.shards": "3", "inputs.seed": "",
           "inputs.jobs": "2", "github.workspace": str(ws), "runner.temp": str(temp)}

    # plan, with a bare Python as setup-python gives it: no site-packages (-S), nothing installed
    bare = tmp_path / "bare-bin"
    bare.mkdir()
    (bare / "python").write_text(f"#!/bin/sh\nexec {sys.executable} -S \"$@\"\n")
    (bare / "python").chmod(0o755)
    outputs = tmp_path / "github-output"
    outputs.touch()
    s = step(wf["jobs"]["plan"], "Plan the shards and the seed")
    proc = run_step(s, ctx, ROOT, {"GITHUB_OUTPUT": str(outputs), "PATH": f"{bare}:{os.environ['PATH']}"})
    assert proc.returncode == 0, proc.stderr
    step_out = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    for key, expr in wf["jobs"]["plan"]["outputs"].items():
        ctx[f"needs.plan.outputs.{key}"] = render(expr, {f"steps.plan.outputs.{k}": v for k, v in step_out.items()})
    seed = int(ctx["needs.plan.outputs.seed"])
    shards = json.loads(render(wf["jobs"]["grade"]["strategy"]["matrix"]["shard"], ctx))
    assert shards == [0, 1, 2] and ctx["needs.plan.outputs.count"] == "3"

    artifacts = tmp_path / "artifacts"
    grade_job = wf["jobs"]["grade"]
    upload = next(s for s in grade_job["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    for k in shards:  # each matrix job on its own runner: a fresh runner.temp each
        shard_temp = tmp_path / f"runner-temp-{k}"
        shard_temp.mkdir()
        mctx = {**ctx, "matrix.shard": str(k), "runner.temp": str(shard_temp)}
        proc = run_step(step(grade_job, "Grade this shard"), mctx, ws)
        assert proc.returncode == 0, proc.stdout + proc.stderr  # failed submissions are rows, not a failed job
        assert f"(shard {k}/3:" in proc.stdout
        shutil.copytree(render(upload["with"]["path"], mctx), artifacts / render(upload["with"]["name"], mctx))

    merge_job = wf["jobs"]["merge"]
    download = next(s for s in merge_job["steps"] if s.get("uses", "").startswith("actions/download-artifact"))

    def download_into(names: list[str]) -> None:
        dest = Path(render(download["with"]["path"], ctx))
        shutil.rmtree(dest, ignore_errors=True)
        for name in names:
            if fnmatch.fnmatch(name, download["with"]["pattern"]):
                shutil.copytree(artifacts / name, dest / name)

    summary = tmp_path / "step-summary.md"
    download_into(sorted(p.name for p in artifacts.iterdir()))
    merge_step = step(merge_job, "Merge the shards")
    proc = run_step(merge_step, ctx, ws, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    merged = Path(render(merge_step["env"]["OUT"], ctx))
    upload_merged = next(s for s in merge_job["steps"] if s.get("name") == "Upload the merged batch")
    assert Path(render(upload_merged["with"]["path"], ctx)) == merged
    check_merged(merged, seed)
    assert "# Batch challenge-01: 1/4 passed" in summary.read_text()

    download_into(["shard-0", "shard-2"])  # shard 1's job failed: nothing uploaded
    summary.unlink()
    proc = run_step(merge_step, ctx, ws, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "**Incomplete**: missing shard(s) 1/3" in summary.read_text()
    assert json.loads((merged / "batch.json").read_text())["incomplete"]["missing_shards"] == ["1/3"]


@pytest.mark.parametrize("shards, seed, ok", [("3", "77", True), ("1", "", True), ("0", "", False),
                                               ("257", "", False), ("x", "", False), ("2", "seven", False)])
def test_plan_step_checks_its_inputs(shards, seed, ok, tmp_path):
    out = tmp_path / "out"
    out.touch()
    proc = subprocess.run([sys.executable, "-m", "grader.shards_ci", "plan", "--shards", shards, "--seed", seed],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ, "GITHUB_OUTPUT": str(out)})
    if not ok:
        assert proc.returncode == 2 and proc.stderr.startswith("error:") and out.read_text() == "", proc.stderr
        return
    assert proc.returncode == 0, proc.stderr
    got = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert json.loads(got["shards"]) == list(range(int(shards))) and got["count"] == shards
    assert got["seed"] == seed if seed else 1 <= int(got["seed"]) < 2**31
