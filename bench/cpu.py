"""Where a batch's CPU goes, from /proc and cgroup accounting alone (no external timing tool).

    meter = CpuMeter(sample=True); meter.start(); ...run the batch as a child...; parts = meter.stop()

Parts, in CPU-seconds over the measured span:
  grader      the batch process and every grading it forked: this process's reaped children
              (getrusage RUSAGE_CHILDREN), so exactly the measured batch's and nothing else
  dockerd, containerd
              the engine's two daemons (utime+stime of the long-lived processes)
  shim, runc  containerd-shim-runc-v2 and runc processes, sampled every 0.1 s while alive (only
              with sample=True: it costs the meter ~3% of a core); a runc lives ~10-50 ms, so
              most of its CPU falls between samples and lands in `rest`
  server      the measured batch's own containers (sample=True, with the batch's GRADER_OWNER:
              each container's cgroup, cgroup v1, sampled every 0.1 s; a container's last tenth
              of a second is missed): the candidates' servers, their init, runc's setup in them
  containers  every container's CPU (the docker/ cgroup: cpuacct on cgroup v1, cpu.stat on v2)
  system      every CPU's busy time (/proc/stat)
  rest        system minus the parts above: what the sampler missed (short-lived runc, a shim's
              last tenth of a second) and everything else the machine ran (other users' work)
All but `grader` and `server` are machine-wide: on a shared machine they include other users' containers.
"""

from __future__ import annotations

import json
import os
import resource
import threading
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
CGROUP_V1_DOCKER = Path("/sys/fs/cgroup/cpuacct/docker")
DOCKER_ROOT = Path("/var/lib/docker")  # where the engine keeps each container's config (labels)


def _stat(pid: int | str) -> tuple[str, float, float] | None:
    """(comm, own CPU s, reaped children's CPU s) of a process, None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = text[text.index("(") + 1:text.rindex(")")]
    f = text.rsplit(")", 1)[1].split()
    return comm, (int(f[11]) + int(f[12])) / TICK, (int(f[13]) + int(f[14])) / TICK


def _system_busy() -> float:
    f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = f[3] + (f[4] if len(f) > 4 else 0)  # idle + iowait
    return (sum(f[:8]) - idle) / TICK


def _container_cgroup_usage() -> float | None:
    for path, scale in ((Path("/sys/fs/cgroup/cpuacct/docker/cpuacct.usage"), 1e-9),
                        (Path("/sys/fs/cgroup/cpu,cpuacct/docker/cpuacct.usage"), 1e-9)):
        if path.is_file():
            return int(path.read_text()) * scale
    for base in (Path("/sys/fs/cgroup/system.slice"), Path("/sys/fs/cgroup/docker")):  # cgroup v2
        if base.is_dir():
            total = 0.0
            for d in base.glob("docker-*.scope") if base.name == "system.slice" else [base]:
                for line in (d / "cpu.stat").read_text().splitlines():
                    if line.startswith("usage_usec"):
                        total += int(line.split()[1]) * 1e-6
            return total
    return None


def _pids_named(*names: str) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (s := _stat(entry)) and s[0] in names:
            out.append(int(entry))
    return out


def _own(pids: list[int]) -> float:
    return sum(s[1] for p in pids if (s := _stat(p)))


class CpuMeter:
    SAMPLED = ("containerd-shim", "runc")

    def __init__(self, sample: bool = False, owner: str = "") -> None:
        self.sample, self.owner = sample, owner
        self._ours: dict[str, tuple[float, float]] = {}  # container id -> (usage first seen, last)
        self._theirs: set[str] = set()
        self._stop = threading.Event()
        self._first: dict[int, tuple[str, float]] = {}  # pid -> (comm, own CPU when first seen)
        self._last: dict[int, float] = {}

    def _sample(self, baseline: bool = False) -> None:
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (s := _stat(entry)) and s[0] in self.SAMPLED:
                pid = int(entry)
                # a process first seen after the start spent all its CPU within the span
                self._first.setdefault(pid, (s[0], s[1] if baseline else 0.0))
                self._last[pid] = s[1]
        if self.owner and CGROUP_V1_DOCKER.is_dir():
            for d in CGROUP_V1_DOCKER.iterdir():
                cid = d.name
                if len(cid) != 64 or cid in self._theirs:
                    continue
                if cid not in self._ours and not self._owned(cid):
                    self._theirs.add(cid)
                    continue
                try:
                    usage = int((d / "cpuacct.usage").read_text()) * 1e-9
                except (OSError, ValueError):
                    continue
                first = self._ours.get(cid, (usage if baseline else 0.0, 0.0))[0]
                self._ours[cid] = (first, usage)

    def _owned(self, cid: str) -> bool:
        try:
            config = json.loads((DOCKER_ROOT / "containers" / cid / "config.v2.json").read_text())
        except (OSError, ValueError):
            return False
        return (config.get("Config", {}).get("Labels") or {}).get("live-grader.owner") == self.owner

    def _loop(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def start(self) -> None:
        if self.sample:
            self._sample(baseline=True)
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        self.daemons = {name: _pids_named(name) for name in ("dockerd", "containerd")}
        self._daemon0 = {name: _own(pids) for name, pids in self.daemons.items()}
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        self._children0 = r.ru_utime + r.ru_stime
        self._cgroup0 = _container_cgroup_usage()
        self._system0 = _system_busy()
        self._load0 = os.getloadavg()

    def stop(self) -> dict[str, float]:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = {"grader": r.ru_utime + r.ru_stime - self._children0}
        for name, pids in self.daemons.items():
            out[name] = _own(pids) - self._daemon0[name]
        if self.sample:
            self._stop.set()
            self._thread.join()
            self._sample()
            for comm in ("containerd-shim", "runc"):
                out["shim" if comm != "runc" else "runc"] = sum(
                    self._last[p] - first for p, (c, first) in self._first.items() if c == comm)
            if self.owner:
                out["server"] = sum(last - first for first, last in self._ours.values())
        cgroup = _container_cgroup_usage()
        containers = cgroup - self._cgroup0 if cgroup is not None and self._cgroup0 is not None else float("nan")
        # the batch's own containers are part of every container's: `rest` must not count them twice
        out["other containers"] = containers - out.get("server", 0.0)
        out["system"] = _system_busy() - self._system0
        out["rest"] = out["system"] - sum(v for k, v in out.items() if k != "system" and v == v)
        self.load = (self._load0, os.getloadavg())
        return out
