FROM golang:1.22 AS build
RUN go build -o /out/server ./cmd/server

FROM alpine:3.20 AS base
WORKDIR /app
COPY --chown=app:app ./app /app/
COPY entrypoint.sh /usr/local/bin/entrypoint.sh
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini

FROM base
ENV APP_HOME=/srv/app
COPY . $APP_HOME
COPY --from=build /out/server ./bin/server
RUN chmod +x /app/main
RUN chmod 0755 /usr/local/bin/entrypoint.sh && chmod +x /tini
RUN chown -R app:app /srv
RUN chmod -R g=u bin/*
RUN chgrp 0 /app/bin/server
