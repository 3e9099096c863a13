FROM debian:bookworm-slim
ARG HELM_SHA256=0000000000000000000000000000000000000000000000000000000000000000
RUN curl -fsSL -o /tmp/helm.tgz https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz \
    && echo "${HELM_SHA256}  /tmp/helm.tgz" | sha256sum -c - \
    && tar -xzf /tmp/helm.tgz -C /usr/local/bin --strip-components=1 linux-amd64/helm
RUN curl -fsSLO https://example.com/tool.tar.gz && curl -fsSLO https://example.com/tool.tar.gz.asc \
    && gpg --batch --verify tool.tar.gz.asc tool.tar.gz
# output that is only printed, parsed or captured is not an artifact
RUN curl -fsS https://example.com/healthz
RUN VERSION="$(curl -fsSL https://dl.k8s.io/release/stable.txt)" && echo "$VERSION" > /version
RUN curl -fsSL https://api.github.com/repos/helm/helm/releases/latest | jq -r .tag_name
RUN curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor -o /etc/apt/keyrings/docker.gpg
RUN curl -fsS -o /dev/null http://localhost:8080/healthz
RUN wget -qO- https://example.com/version.txt
RUN wget --spider https://example.com/file.tar.gz
# executed straight away: DF305's
RUN curl -fsSL https://sh.rustup.rs | sh -s -- -y
