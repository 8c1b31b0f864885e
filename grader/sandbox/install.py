"""The Docker sandbox's dependency installer: npm / pip in a container of the runtime image.

Not the run container, and not its network: this container is on the engine's default bridge
(egress, so it reaches the package registry), runs no candidate code (install scripts off, wheels
only), as a non-root uid with every capability dropped and a read-only root. It installs into a
tmpfs of the size limit (a dependency set that does not fit fails with ENOSPC while it installs,
before anything reaches the host disk), then copies the tree into the cache entry. The run
container later gets that tree mounted read-only and keeps no egress.

The CA bundle of `grade image build --ca-bundle` applies here too (default $SSL_CERT_FILE): it is
mounted and handed to npm (NODE_EXTRA_CA_CERTS) and pip (PIP_CERT), for TLS-intercepting networks.
"""

from __future__ import annotations

import os
import shlex
import shutil
import uuid
from pathlib import Path

from .. import deps
from .docker import LABEL, labels

NPM = "node /opt/npm/bin/npm-cli.js"
PIP = "/opt/grader/venv/bin/pip"
CA_IN_CONTAINER = "/deps-ca.crt"


def default_ca_bundle() -> Path | None:
    env = os.environ.get("SSL_CERT_FILE")
    return Path(env) if env and Path(env).is_file() else None


class DockerInstaller:
    def __init__(self, client, image: str, ca_bundle: Path | None = None) -> None:
        self.client, self.image = client, image
        self.ca_bundle = ca_bundle or default_ca_bundle()

    def __call__(self, plan: deps.Plan, work: Path, limits: deps.Limits) -> None:
        import docker.errors

        src = work / "manifest"
        src.mkdir()
        for name, content in plan.files.items():
            (src / name).write_bytes(content)
            (src / name).chmod(0o644)
        out = work / "out"
        out.mkdir()
        # root on the host: the container's own non-root uid; else the user's, so they own the cache
        uid = 10001 if os.getuid() == 0 else os.getuid()
        gid = 10001 if os.getuid() == 0 else os.getgid()
        for path in (work, src):
            path.chmod(0o755)
        out.chmod(0o777)
        if plan.track == "node":
            verb = "ci" if plan.lockfile else "install"
            script = (f"cp /deps-src/* /deps/ && cd /deps && {NPM} {verb} {shlex.join(deps.NPM_FLAGS)} "
                      "&& mkdir -p node_modules && cp -R node_modules /out/")
        else:
            script = (f"{PIP} install {shlex.join(deps.PIP_FLAGS)} --no-cache-dir --target /deps/python "
                      "-r /deps-src/requirements.txt && cp -R /deps/python /out/")
        volumes = {str(src): {"bind": "/deps-src", "mode": "ro"}, str(out): {"bind": "/out", "mode": "rw"}}
        env = {"HOME": "/deps/.home", "npm_config_cache": "/cache/npm", "npm_config_update_notifier": "false"}
        if self.ca_bundle:
            volumes[str(self.ca_bundle.resolve())] = {"bind": CA_IN_CONTAINER, "mode": "ro"}
            env.update(NODE_EXTRA_CA_CERTS=CA_IN_CONTAINER, PIP_CERT=CA_IN_CONTAINER)
        run_id = "deps-" + uuid.uuid4().hex[:8]
        container = None
        try:
            container = self.client.containers.run(
                self.image, entrypoint=["/bin/sh", "-c"], command=[script],
                name=f"grader-{run_id}", detach=True, user=f"{uid}:{gid}", read_only=True,
                tmpfs={
                    "/deps": f"rw,size={limits.max_mb}m,uid={uid},gid={gid},mode=0700",
                    "/cache": f"rw,size={limits.max_mb}m,uid={uid},gid={gid},mode=0700",
                    "/tmp": "rw,size=64m,mode=1777",
                },
                volumes=volumes, working_dir="/deps", environment=env,
                mem_limit="1g", memswap_limit="1g", nano_cpus=int(1e9), pids_limit=256,
                cap_drop=["ALL"], security_opt=["no-new-privileges"],
                network="bridge",  # the engine's default network: egress to the registry; never the sandbox's
                labels={**labels(run_id), f"{LABEL}.deps": "1"},
            )
            try:
                code = int(container.wait(timeout=limits.timeout).get("StatusCode", -1))
            except Exception:  # noqa: BLE001 - the engine's read timeout: the install took too long
                raise deps.InstallFailed(f"installing the declared dependencies took longer than "
                                         f"{limits.timeout:g}s (the grader's limit)") from None
            output = container.logs(stdout=True, stderr=True).decode(errors="replace")
        except docker.errors.APIError as exc:
            raise deps.InstallFailed(f"could not start the install container: {exc.explanation or exc}") from None
        finally:
            if container is not None:
                try:
                    container.remove(force=True)
                except docker.errors.APIError:
                    pass
        if code:
            raise deps.failure(plan.track, code, output, limits)
        (out / plan.tree).rename(work / plan.tree)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(src, ignore_errors=True)
