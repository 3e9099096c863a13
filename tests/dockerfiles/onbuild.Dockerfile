FROM python:3.12-slim AS base
ONBUILD COPY --chown=app requirements.txt /app/
ONBUILD RUN pip install --no-cache-dir -r /app/requirements.txt
Onbuild run <<EOF
pip check
EOF
ONBUILD ONBUILD RUN true
ONBUILD FROM alpine
ONBUILD
