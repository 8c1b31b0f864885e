"""Find, load and validate challenge folders (`challenges/challenge-NN/challenge.toml`)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .datafiles import DataSpec
from .errors import ChallengeFormatError, UnknownChallenge

TRACKS = ("node", "python")
_ID = re.compile(r"^challenge-\d{2}$")
SERVICE_KINDS = ("postgres", "redis", "mongo", "upstream", "smtp")
_UPSTREAM_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class ServiceSpec:
    """One `[[service]]` of challenge.toml. `name` is required for (and unique among) upstreams;
    other kinds are named after their kind and may appear once."""

    kind: str
    name: str
    app: Path | None = None  # an upstream's Starlette app, inside the challenge folder

    @property
    def env_prefix(self) -> str:
        """users-service -> USERS_SERVICE (the server gets USERS_SERVICE_URL)."""
        return self.name.upper().replace("-", "_")


@dataclass(frozen=True)
class ServerLimits:
    port: int = 3000
    startup_timeout: float = 15.0
    request_timeout: float = 5.0
    suite_timeout: float = 120.0
    max_response_mb: int = 64  # the suite client's cap on one response body
    replicas: int = 1  # instances of the candidate's server, each on its own PORT, sharing the services


@dataclass(frozen=True)
class Challenge:
    id: str
    slug: str
    title: str
    tier: int
    minutes: int
    tags: tuple[str, ...]
    summary: str
    path: Path
    server: ServerLimits = field(default_factory=ServerLimits)
    env: dict[str, str] = field(default_factory=dict)
    data: tuple[DataSpec, ...] = ()
    services: tuple[ServiceSpec, ...] = ()
    raw: dict = field(default_factory=dict)

    @property
    def tests_dir(self) -> Path:
        return self.path / "tests"

    @property
    def readme(self) -> Path:
        return self.path / "README.md"

    def starter(self, track: str) -> Path:
        return self.path / "starter" / track

    @property
    def tracks(self) -> tuple[str, ...]:
        return tuple(t for t in TRACKS if self.starter(t).is_dir())

    @property
    def number(self) -> int:
        return int(self.id.split("-")[1])


def normalise_id(text: str) -> str:
    """'13', '013', 'challenge-13' and 'challenge-013' all name challenge-13."""
    m = re.fullmatch(r"(?:challenge-)?0*(\d{1,3})", text.strip())
    if not m:
        raise UnknownChallenge(
            f"'{text}' is not a challenge id", hint="ids look like challenge-13 (see `grade list`)"
        )
    return f"challenge-{int(m.group(1)):02d}"


def load(path: Path) -> Challenge:
    toml_path = path / "challenge.toml"
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ChallengeFormatError(f"{path.name}: challenge.toml is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ChallengeFormatError(f"{toml_path}: {exc}") from None
    missing = [k for k in ("id", "slug", "title", "tier", "minutes") if k not in data]
    if missing:
        raise ChallengeFormatError(f"{toml_path}: missing keys {', '.join(missing)}")
    if data["id"] != path.name or not _ID.match(data["id"]):
        raise ChallengeFormatError(f"{toml_path}: id '{data['id']}' must equal the folder name")
    server = data.get("server", {})
    try:
        limits = ServerLimits(**server)
    except TypeError as exc:
        raise ChallengeFormatError(f"{toml_path}: [server]: {exc}") from None
    if not isinstance(limits.replicas, int) or not 1 <= limits.replicas <= 4:
        raise ChallengeFormatError(f"{toml_path}: [server] replicas must be an integer from 1 to 4")
    env = {str(k): str(v) for k, v in data.get("env", {}).items()}
    try:
        specs = tuple(DataSpec(name=str(d["name"]), size_mb=int(d["size_mb"])) for d in data.get("data", []))
    except (KeyError, TypeError, ValueError) as exc:
        raise ChallengeFormatError(f"{toml_path}: [[data]] needs name and size_mb ({exc})") from None
    return Challenge(
        id=data["id"],
        slug=data["slug"],
        title=data["title"],
        tier=int(data["tier"]),
        minutes=int(data["minutes"]),
        tags=tuple(data.get("tags", ())),
        summary=data.get("summary", ""),
        path=path,
        server=limits,
        env=env,
        data=specs,
        services=load_services(toml_path, data.get("service", [])),
        raw=data,
    )


def load_services(toml_path: Path, entries: object) -> tuple[ServiceSpec, ...]:
    """Validate `[[service]]` tables: a known kind, a name for each upstream (unique), its app file."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ChallengeFormatError(f"{toml_path}: `service` must be an array of tables ([[service]])")
    out: list[ServiceSpec] = []
    for i, entry in enumerate(entries, 1):
        where = f"{toml_path}: [[service]] #{i}"
        kind = entry.get("kind")
        if kind not in SERVICE_KINDS:
            raise ChallengeFormatError(f"{where}: kind {kind!r} is not one of {', '.join(SERVICE_KINDS)}")
        unknown = set(entry) - {"kind", "name", "app"}
        if unknown:
            raise ChallengeFormatError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        if kind == "upstream":
            name, app = entry.get("name"), entry.get("app")
            if not isinstance(name, str) or not _UPSTREAM_NAME.match(name):
                raise ChallengeFormatError(
                    f"{where}: an upstream needs a name of lower-case letters, digits and '-' (e.g. users-service)")
            if not isinstance(app, str) or not app.endswith(".py"):
                raise ChallengeFormatError(f"{where}: upstream {name!r} needs app = \"upstreams/NAME.py\"")
            app_path = (toml_path.parent / app).resolve()
            if toml_path.parent.resolve() not in app_path.parents or not app_path.is_file():
                raise ChallengeFormatError(f"{where}: upstream app {app!r} is not a file in the challenge folder")
            spec = ServiceSpec(kind, name, app_path)
        else:
            if "name" in entry or "app" in entry:
                raise ChallengeFormatError(f"{where}: only an upstream takes a name and an app")
            spec = ServiceSpec(kind, kind)
        if any(s.name == spec.name for s in out):
            raise ChallengeFormatError(f"{where}: {spec.name!r} is asked for twice")
        out.append(spec)
    return tuple(out)


def get(challenge_id: str, root: Path | None = None) -> Challenge:
    root = root or paths.challenges_dir()
    cid = normalise_id(challenge_id)
    path = root / cid
    if not (path / "challenge.toml").is_file():
        known = ", ".join(c.id for c in all_challenges(root)[:3])
        raise UnknownChallenge(
            f"no challenge '{challenge_id}'",
            hint=f"`grade list` shows the catalogue ({known}, ...)" if known else None,
        )
    return load(path)


def all_challenges(root: Path | None = None) -> list[Challenge]:
    root = root or paths.challenges_dir()
    if not root.is_dir():
        return []
    return [load(p) for p in sorted(root.iterdir()) if (p / "challenge.toml").is_file()]
