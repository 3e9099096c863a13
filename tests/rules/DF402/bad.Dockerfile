FROM alpine:3.22 AS builder
COPY id_rsa /root/.ssh/id_rsa
COPY .ssh /root/.ssh
RUN --mount=type=ssh true

FROM alpine:3.22
COPY .env .env.production /app/
COPY certs/server.key certs/privkey.pem /etc/ssl/private/
COPY ["keystore.p12", "/app/keystore.p12"]
ADD .aws/credentials /root/.aws/credentials
COPY --from=builder /root/.npmrc /root/.npmrc
COPY --chown=10001:10001 .git-credentials *.pem /home/app/
