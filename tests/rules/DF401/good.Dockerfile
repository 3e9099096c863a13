FROM node:24-bookworm-slim
# references to secrets, and settings about them
ARG PASSWORD_FILE=/run/secrets/db_password
ENV TOKEN_URL=https://auth.example.com/oauth/token \
    SECRET_NAME=prod/db \
    VAULT_SECRET_PATH=kv/app \
    AWS_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db \
    TOKEN_LIMIT=100 \
    MAX_TOKENS=4096 \
    SECRET_ROTATION=true
# an empty ENV holds nothing; checksums and fingerprints are hex, not secrets
ENV DB_PASSWORD=
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D \
    NODE_SHA256=6f8d2a5c3b1e9f7a0c4d8e2b6a1f5c9d3e7b0a4c8f2d6e1a5b9c3f7d0e4a8b2c
ENV PWD=/app NODE_OPTIONS=--max-old-space-size=4096 PATH=/app/node_modules/.bin:$PATH
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
