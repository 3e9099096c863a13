FROM alpine:3.22
# certificates, public keys and templates are not secrets
COPY certs/ca.pem certs/fullchain.pem certs/server.crt /etc/ssl/certs/
COPY id_ed25519.pub /home/app/.ssh/authorized_keys
COPY known_hosts /home/app/.ssh/known_hosts
COPY nginx_signing.key /etc/apk/keys/
COPY .env.example /app/.env
ADD https://example.com/keys/release.key /tmp/
COPY app.py config.yaml /app/
COPY <<EOF /app/settings.env
LOG_LEVEL=info
EOF
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc --mount=type=ssh true
