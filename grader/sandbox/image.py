"""Build and find the sandbox runtime image.

The tag carries a hash of everything the image is built from (Dockerfile, runtime/), so a grader
never runs submissions in an image that does not match its checkout: a changed package list means
`grade image build` must run again, and the error says so.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from collections.abc import Callable
from pathlib import Path

from .. import paths
from ..errors import ImageMissing, SandboxError

REPO = "live-grader-runtime"
BASE_DEFAULT = "debian:bookworm-slim"
CONTEXT_FILES = ("Dockerfile", "runtime/package.json", "runtime/requirements.txt", "runtime/launch", "runtime/supervise")


def content_hash() -> str:
    h = hashlib.sha256()
    root = paths.repo_root()
    for rel in CONTEXT_FILES:
        h.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    return h.hexdigest()[:12]


def tag() -> str:
    return os.environ.get("GRADER_IMAGE") or f"{REPO}:{content_hash()}"


def _context(ca_bundle: Path | None) -> io.BytesIO:
    buf = io.BytesIO()
    root = paths.repo_root()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for rel in CONTEXT_FILES:
            tar.add(root / rel, arcname=rel)
        ca = ca_bundle.read_bytes() if ca_bundle else b""
        info = tarfile.TarInfo("extra-ca.crt")
        info.size = len(ca)
        tar.addfile(info, io.BytesIO(ca))
    buf.seek(0)
    return buf


def ensure_base(client, base: str, log: Callable[[str], None]) -> None:
    import docker.errors

    try:
        client.images.get(base)
        return
    except docker.errors.ImageNotFound:
        pass
    log(f"pulling {base} ...")
    try:
        repo, _, version = base.partition(":")
        client.images.pull(repo, tag=version or "latest")
    except docker.errors.APIError as exc:
        raise SandboxError(
            f"base image {base} is not present and cannot be pulled ({exc.explanation or exc})",
            hint="without a registry, make it with scripts/make-base-image.sh (debootstrap + docker import)",
        ) from None


def build(ca_bundle: Path | None = None, base: str | None = None, log: Callable[[str], None] = print) -> str:
    from .docker import client as docker_client

    client = docker_client()
    if ca_bundle is None and os.environ.get("SSL_CERT_FILE") and Path(os.environ["SSL_CERT_FILE"]).is_file():
        ca_bundle = Path(os.environ["SSL_CERT_FILE"])
    base = base or BASE_DEFAULT
    ensure_base(client, base, log)
    name = tag()
    log(f"building {name} from {paths.repo_root() / 'Dockerfile'} (base {base}, CA bundle {ca_bundle or 'none'})")
    stream = client.api.build(
        fileobj=_context(ca_bundle), custom_context=True, tag=name, buildargs={"BASE": base},
        rm=True, forcerm=True, decode=True, labels={"live-grader.image": content_hash()},
    )
    for chunk in stream:
        if "error" in chunk:
            raise SandboxError(f"image build failed: {chunk['error'].strip()}")
        line = chunk.get("stream", "").rstrip()
        if line:
            log(line)
    client.images.get(name).tag(REPO, "latest")
    return name


def require(client) -> str:
    import docker.errors

    name = tag()
    try:
        client.images.get(name)
    except docker.errors.ImageNotFound:
        raise ImageMissing(
            f"the runtime image {name} is not built (or is older than this checkout's Dockerfile/runtime)",
            hint="build it with: grade image build",
        ) from None
    return name


def status() -> str:
    from .docker import client as docker_client

    try:
        require(docker_client())
        return f"{tag()}: built"
    except ImageMissing as exc:
        return f"{exc.message}; {exc.hint}"
