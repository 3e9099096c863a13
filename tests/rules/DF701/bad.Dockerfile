FROM golang:1.25 AS builder
RUN go build -o /out/app ./cmd/app
COPY --from=builder /out/app /usr/local/bin/app

FROM alpine:3.22 AS certs
COPY --from=assets /dist /dist

FROM node:24 AS assets
RUN --mount=type=bind,from=buidler,source=/out,target=/in cp -r /in /dist

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=buidler /out/app /app
COPY --from=7 /etc/passwd /etc/passwd
COPY --from=certs /etc/ssl /etc/ssl
COPY --from=assets /dist /static
