ARG GO_VERSION
# the version comes from --build-arg: not judged here
FROM golang:${GO_VERSION} AS build
# pinned by digest, whatever the tag says
FROM alpine:latest@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1 AS certs
FROM busybox@sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7 AS tools
FROM scratch AS empty
# stage references, in any case
FROM build AS test
FROM BUILD AS lint
FROM python:3.13-slim-bookworm
