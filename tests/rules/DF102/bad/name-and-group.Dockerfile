FROM debian:13-slim
RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home app
USER app:app
