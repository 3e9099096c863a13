FROM python:3.12-slim AS base
CMD gunicorn --bind 0.0.0.0:8080 app:app

# the CMD is inherited from the stage it is built on
FROM base
COPY app /app
