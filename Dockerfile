# The sandbox runtime image: Node.js 22 and Python with the curated, pinned packages of runtime/,
# installed at build time so that no network is needed (or reachable) when a submission runs.
# Build it with `grade image build` (adds the CA bundle and the content-hash tag the grader looks for).
ARG BASE=debian:bookworm-slim

# --- build stage: Node 22 and the curated node_modules ------------------------------------------
FROM ${BASE} AS node
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
# Debian's mirror is plain HTTP (signed packages), so this step needs no CA bundle. Debian's own
# nodejs (18, end-of-life) is only the installer here: npm fetches what the image keeps.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*

# An extra CA bundle for TLS-intercepting networks (empty when none was given): npm and pip
# reach their registries through it. It is appended to the system bundle.
COPY extra-ca.crt /tmp/extra-ca.crt
RUN cat /tmp/extra-ca.crt >> /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt

# Node 22 LTS: the official Linux build as published on the npm registry (node-linux-<arch>, the
# package that `npm install node` installs). Why not Debian's 18: end-of-life, and it takes
# ~250 ms to start and load Express against ~65 ms for this build (measured in the container).
ARG NODE_VERSION=22.23.3
RUN mkdir /opt/node && cd /opt/node && echo '{"private": true}' > package.json \
 && arch="$(dpkg --print-architecture | sed 's/amd64/x64/')" \
 && npm install --no-audit --no-fund --loglevel=error "node-linux-${arch}@${NODE_VERSION}" \
 && cp "node_modules/node-linux-${arch}/bin/node" /opt/node/node \
 && /opt/node/node --version

# npm for the dependency install step (grader/deps.py): a submission's declared packages are
# installed in a separate container of this image (Debian's npm 9 is only the build stage's)
ARG NPM_VERSION=10.9.9
RUN npm install --prefix /opt/npm --no-audit --no-fund --loglevel=error "npm@${NPM_VERSION}" \
 && rm -rf /root/.npm

# bcrypt's native part is an N-API prebuild: the same file loads in Node 22
COPY runtime/package.json /opt/grader/package.json
RUN cd /opt/grader && npm install --omit=dev --no-audit --no-fund --loglevel=error \
 && npm cache clean --force && rm -rf /root/.npm

# --- the runtime image ------------------------------------------------------------------------
FROM ${BASE}
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates libstdc++6 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*

COPY extra-ca.crt /tmp/extra-ca.crt
RUN cat /tmp/extra-ca.crt >> /etc/ssl/certs/ca-certificates.crt && rm /tmp/extra-ca.crt
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt

COPY --from=node /opt/node/node /usr/local/bin/node
COPY --from=node /opt/grader/node_modules /opt/grader/node_modules
COPY --from=node /opt/npm/node_modules/npm /opt/npm
COPY runtime/package.json /opt/grader/package.json

COPY runtime/requirements.txt /opt/grader/requirements.txt
RUN python3 -m venv /opt/grader/venv \
 && /opt/grader/venv/bin/pip install --no-cache-dir --disable-pip-version-check -q -r /opt/grader/requirements.txt

COPY runtime/launch runtime/supervise /opt/grader/
# /node_modules: Node's ES module loader ignores NODE_PATH and looks only in node_modules folders
# of the importing file's parents, so the curated packages sit at the root, above /work (for
# require() too, after /work/node_modules: the submission's own or its installed layer)
RUN chmod 0755 /opt/grader/launch /opt/grader/supervise \
 && ln -s /opt/grader/node_modules /node_modules \
 && node /opt/npm/bin/npm-cli.js --version \
 && node -e "require('/opt/grader/node_modules/express'); require('/opt/grader/node_modules/bcrypt')" \
 && useradd --uid 10001 --no-create-home --home-dir /work --shell /usr/sbin/nologin candidate
# ^ ES modules ignore NODE_PATH: `import express from 'express'` in /work/server.js finds the
#   curated packages by walking up to /node_modules (a submission's own node_modules comes first)

ENV NODE_PATH=/opt/grader/node_modules \
    PATH=/opt/grader/venv/bin:/usr/local/bin:/usr/bin:/bin \
    PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HOME=/work
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["/opt/grader/launch"]
