# The sandbox runtime image: Node.js and Python with the curated, pinned packages of runtime/,
# installed at build time so that no network is needed (or reachable) when a submission runs.
# Build it with `grade image build` (adds the CA bundle and the content-hash tag the grader looks for).
ARG BASE=debian:bookworm-slim
FROM ${BASE}

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
# Debian's mirror is plain HTTP (signed packages), so this step needs no CA bundle.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*

# An extra CA bundle for TLS-intercepting networks (empty when none was given): npm and pip
# reach their registries through it. It is appended to the system bundle.
COPY extra-ca.crt /tmp/extra-ca.crt
RUN cat /tmp/extra-ca.crt >> /etc/ssl/certs/ca-certificates.crt && rm /tmp/extra-ca.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt

COPY runtime/package.json /opt/grader/package.json
RUN cd /opt/grader && npm install --omit=dev --no-audit --no-fund --loglevel=error \
 && npm cache clean --force && rm -rf /root/.npm

COPY runtime/requirements.txt /opt/grader/requirements.txt
RUN python3 -m venv /opt/grader/venv \
 && /opt/grader/venv/bin/pip install --no-cache-dir --disable-pip-version-check -q -r /opt/grader/requirements.txt

COPY runtime/launch runtime/supervise /opt/grader/
RUN chmod 0755 /opt/grader/launch /opt/grader/supervise \
 && useradd --uid 10001 --no-create-home --home-dir /work --shell /usr/sbin/nologin candidate

ENV NODE_PATH=/opt/grader/node_modules \
    PATH=/opt/grader/venv/bin:/usr/local/bin:/usr/bin:/bin \
    PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HOME=/work
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["/opt/grader/launch"]
