FROM python:3.13-slim
ARG APP_USER=service
RUN useradd --uid 10001 --no-create-home "${APP_USER}"
USER ${APP_USER}
