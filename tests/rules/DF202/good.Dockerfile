ARG RUNTIME
FROM golang:1.25-alpine3.22@sha256:3587db7cc96576822c606d119729370dbf581931c5f43ac6d3fa03ab4ed85a10 AS build
FROM build AS test
FROM scratch AS empty
# unknown until --build-arg RUNTIME=... is given
FROM ${RUNTIME} AS runtime
FROM gcr.io/distroless/static-debian12:nonroot@sha256:8dd8d3ca2cf283383304fd45a5c9c74d5f2cd9da8d3b077d720e264880077c65
