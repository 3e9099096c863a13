FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/helm.tgz https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz \
    && tar -xzf /tmp/helm.tgz -C /usr/local/bin --strip-components=1 linux-amd64/helm
RUN curl -fsSL https://github.com/mikefarah/yq/releases/download/v4.44.2/yq_linux_amd64 > /usr/local/bin/yq
RUN wget -q https://dl.k8s.io/release/v1.30.2/bin/linux/amd64/kubectl -P /usr/local/bin
RUN curl -fsSL https://go.dev/dl/go1.22.5.linux-amd64.tar.gz | tar -xz -C /usr/local
RUN wget -qO /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini
