"""A mail sink (runners/smtp.py): the candidate's server sends mail to SMTP_URL, the suite reads
it through the `mailbox` fixture as email.message.EmailMessage objects."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

from .base import SECRET_HEADER, Endpoint, Kind

RUNNER = Path(__file__).parent / "runners" / "smtp.py"


class Mailbox:
    def __init__(self, ep: Endpoint) -> None:
        import httpx

        self._http = httpx.Client(base_url=f"http://{ep.host}:{ep.control_port}",
                                  headers={SECRET_HEADER: ep.secret}, timeout=10)

    def messages(self) -> list:
        """The mails received, oldest first, as email.message.EmailMessage."""
        import email
        import email.policy

        response = self._http.post("/messages")
        response.raise_for_status()
        return [email.message_from_bytes(base64.b64decode(m["data"]), policy=email.policy.default)
                for m in response.json()["result"]]

    def envelopes(self) -> list[dict]:
        """SMTP envelope (MAIL FROM / RCPT TO) of each message, same order as messages()."""
        response = self._http.post("/messages")
        response.raise_for_status()
        return [{"from": m["from"], "to": m["to"]} for m in response.json()["result"]]

    def clear(self) -> None:
        self._http.post("/clear").raise_for_status()

    def close(self) -> None:
        self._http.close()


class Smtp(Kind):
    kind = "smtp"
    server_name = "the grader's SMTP sink"
    pod_port = 2525
    has_control = True
    memory_mb = 96

    def docker_command(self, ep: Endpoint, app_in_container: str | None) -> list[str]:
        return ["smtp", "--port", str(ep.port), "--control-port", str(ep.control_port)]

    def local_command(self, ep: Endpoint, workdir: Path) -> list[str]:
        return [sys.executable, str(RUNNER), "--host", "127.0.0.1", "--port", str(ep.port),
                "--control-port", str(ep.control_port)]

    def wait(self, ep: Endpoint, deadline: float, alive) -> None:
        from .base import wait_tcp

        wait_tcp(ep.host, ep.port, deadline, alive, "the SMTP sink")  # opened after its controls

    def server_env(self, ep: Endpoint) -> dict[str, str]:
        return {"SMTP_URL": f"smtp://{ep.server_host}:{ep.port}", "SMTP_HOST": ep.server_host,
                "SMTP_PORT": str(ep.port)}

    def handle(self, ep: Endpoint) -> Mailbox:
        return Mailbox(ep)


KIND = Smtp()
