FROM alpine:3.22
ARG GIT_TOKEN
RUN git clone https://deploy:s3cr3t@git.example.com/acme/app.git /src
RUN pip install --index-url https://ci:${GIT_TOKEN}@pypi.example.com/simple/ app
ENV DATABASE_URL=postgres://app:s3cr3t@db.internal:5432/app
ADD https://user:pass@downloads.example.com/tool.tar.gz /opt/
RUN <<EOF
set -e
curl -fsSL https://bot:hunter2@artifacts.example.com/pkg.tgz -o /tmp/pkg.tgz
EOF
