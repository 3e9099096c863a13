ARG APP_UID=10001
FROM golang:1.22 AS base
ENV CGO_ENABLED=0
USER 1000
EXPOSE 9000
CMD ["sleep", "infinity"]

FROM alpine:3.20 AS assets
RUN mkdir /web

FROM base AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=bind,from=assets,source=/web,target=/web \
    go build -o /out/app ./cmd/app

FROM base AS test
RUN go test ./...

FROM node:20 AS docs
RUN npm run docs

FROM base AS final
ARG APP_UID
COPY --from=build /out/app /usr/local/bin/app
COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types
COPY --from=1 /web /web
ENV HOME=/home/app
USER ${APP_UID}:${APP_GID:-10001}
EXPOSE 8080/tcp 8443 9090-9091/UDP
HEALTHCHECK --interval=10s CMD wget -qO- http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/app"]
