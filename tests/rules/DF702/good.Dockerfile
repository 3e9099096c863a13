FROM golang:1.25 AS deps
RUN go mod download

FROM deps AS builder
RUN go build -o /out/app ./cmd/app

FROM alpine:3.22 AS certs
RUN apk add --no-cache ca-certificates

FROM node:24 AS assets
RUN --mount=type=bind,from=certs,source=/etc/ssl,target=/ssl cp -r /ssl /dist

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
COPY --from=assets /dist /static
