ARG TOOLS_IMAGE
FROM golang:1.25 AS builder
RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app ./cmd/app

FROM node:24 AS assets
RUN --mount=type=bind,from=builder,source=/out,target=/in cp -r /in /dist

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
COPY --from=0 /out/app /app2
COPY --from=Builder /out/app /app3
COPY --from=assets /dist /static
# images, not stages
COPY --from=busybox:1.37 /bin/busybox /busybox
COPY --from=ghcr.io/acme/tools /bin/tool /tool
COPY --from=docker.io/library/nginx /etc/nginx /etc/nginx
COPY --from=${TOOLS_IMAGE} /bin/extra /extra
