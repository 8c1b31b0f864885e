"""Copy a submission into the run's own temporary space before it runs.

The candidate's folder is never run in place: the copy is what the server may change. Symlinks
that point outside the submission are dropped (a link to ~/.ssh must not become readable through
the copy); links inside it stay links. The size cap turns a huge submission into a clear verdict.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SubmissionError

MAX_BYTES = 100 * 1024 * 1024
MAX_FILES = 50_000
SKIP_DIRS = {".git", "__pycache__"}


@dataclass
class StageReport:
    files: int = 0
    bytes: int = 0
    dropped_links: list[str] = field(default_factory=list)


def stage(src: Path, dest: Path, *, max_bytes: int = MAX_BYTES, max_files: int = MAX_FILES) -> StageReport:
    src = src.resolve()
    report = StageReport()
    dest.mkdir(parents=True, exist_ok=True)
    for dirpath, dirnames, filenames in os.walk(src, followlinks=False):
        rel_dir = Path(dirpath).relative_to(src)
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in list(dirnames) + filenames:
            s = Path(dirpath) / name
            d = dest / rel_dir / name
            if s.is_symlink():
                target = (s.parent / os.readlink(s)).resolve()
                if target == src or src in target.parents:
                    os.symlink(os.readlink(s), d)
                else:
                    report.dropped_links.append(str(rel_dir / name))
                if name in dirnames:
                    dirnames.remove(name)  # never descend through a link
                continue
            if name in dirnames:
                d.mkdir(exist_ok=True)
                continue
            if not s.is_file():
                continue  # sockets, fifos, devices
            size = s.stat().st_size
            report.files += 1
            report.bytes += size
            if report.bytes > max_bytes:
                raise SubmissionError(
                    f"submission is larger than {max_bytes // (1024 * 1024)} MiB (at {rel_dir / name})",
                    hint="remove build output and large data files from the folder",
                )
            if report.files > max_files:
                raise SubmissionError(f"submission has more than {max_files} files")
            shutil.copyfile(s, d)
            os.chmod(d, 0o755 if os.access(s, os.X_OK) else 0o644)
    for dirpath, dirnames, _ in os.walk(dest):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
    os.chmod(dest, 0o755)
    return report
