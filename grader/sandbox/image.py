"""Build and find the project's two images: the sandbox runtime (Dockerfile) and the services
(Dockerfile.services: PostgreSQL, Redis, SecantusDB, the fake-upstream and SMTP runners).

Each tag carries a hash of everything its image is built from, so a grader never runs submissions
or services in an image that does not match its checkout: a changed package list means
`grade image build` must run again, and the error says so.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import ImageMissing, SandboxError

BASE_DEFAULT = "debian:bookworm-slim"


@dataclass(frozen=True)
class ImageSpec:
    repo: str
    dockerfile: str
    context: tuple[str, ...]  # files and folders (recursively) the build reads; the tag hashes them
    override: str  # an environment variable that names another image to use instead
    what: str

    def files(self) -> list[str]:
        root = paths.repo_root()
        out = []
        for rel in (self.dockerfile, *self.context):
            path = root / rel
            if path.is_dir():
                out += sorted(str(p.relative_to(root)) for p in path.rglob("*")
                              if p.is_file() and "__pycache__" not in p.parts)
            else:
                out.append(rel)
        return out


RUNTIME = ImageSpec("live-grader-runtime", "Dockerfile",
                    ("runtime/package.json", "runtime/requirements.txt", "runtime/launch", "runtime/supervise"),
                    "GRADER_IMAGE", "runtime")
SERVICES = ImageSpec("live-grader-services", "Dockerfile.services",
                     ("services/requirements.txt", "services/mongo-requirements.txt", "services/entry",
                      "grader/services/runners"),
                     "GRADER_SERVICES_IMAGE", "services")
IMAGES = (RUNTIME, SERVICES)
# kept for callers of the runtime image's names
REPO = RUNTIME.repo


def content_hash(spec: ImageSpec = RUNTIME) -> str:
    h = hashlib.sha256()
    root = paths.repo_root()
    for rel in spec.files():
        h.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    return h.hexdigest()[:12]


def tag(spec: ImageSpec = RUNTIME) -> str:
    return os.environ.get(spec.override) or f"{spec.repo}:{content_hash(spec)}"


def _context(spec: ImageSpec, ca_bundle: Path | None) -> io.BytesIO:
    buf = io.BytesIO()
    root = paths.repo_root()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for rel in spec.files():
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


def build(
    ca_bundle: Path | None = None, base: str | None = None, log: Callable[[str], None] = print,
    only: tuple[ImageSpec, ...] = IMAGES,
) -> list[str]:
    """Build the images of `only` (the engine's layer cache makes an unchanged one quick); their tags."""
    from .docker import client as docker_client

    client = docker_client()
    if ca_bundle is None and os.environ.get("SSL_CERT_FILE") and Path(os.environ["SSL_CERT_FILE"]).is_file():
        ca_bundle = Path(os.environ["SSL_CERT_FILE"])
    base = base or BASE_DEFAULT
    ensure_base(client, base, log)
    return [build_one(client, spec, ca_bundle, base, log) for spec in only]


def build_one(client, spec: ImageSpec, ca_bundle: Path | None, base: str, log: Callable[[str], None]) -> str:
    name = tag(spec)
    log(f"building {name} from {paths.repo_root() / spec.dockerfile} (base {base}, CA bundle {ca_bundle or 'none'})")
    stream = client.api.build(
        fileobj=_context(spec, ca_bundle), custom_context=True, tag=name, dockerfile=spec.dockerfile,
        buildargs={"BASE": base}, rm=True, forcerm=True, decode=True,
        labels={"live-grader.image": content_hash(spec)},
    )
    for chunk in stream:
        if "error" in chunk:
            raise SandboxError(f"image build failed: {chunk['error'].strip()}")
        line = chunk.get("stream", "").rstrip()
        if line:
            log(line)
    client.images.get(name).tag(spec.repo, "latest")
    return name


def require(client, spec: ImageSpec = RUNTIME) -> str:
    import docker.errors

    name = tag(spec)
    try:
        client.images.get(name)
    except docker.errors.ImageNotFound:
        raise ImageMissing(
            f"the {spec.what} image {name} is not built (or is older than this checkout's {spec.dockerfile})",
            hint="build it with: grade image build",
        ) from None
    return name


def status() -> str:
    """One line per image: `<tag>: built` or why not."""
    from .docker import client as docker_client

    client = docker_client()
    lines = []
    for spec in IMAGES:
        try:
            require(client, spec)
            lines.append(f"{tag(spec)}: built")
        except ImageMissing as exc:
            lines.append(f"{exc.message}; {exc.hint}")
    return "\n".join(lines)
