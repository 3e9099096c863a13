# a HEALTHCHECK in a build stage does not reach the final image
FROM golang:1.22 AS build
HEALTHCHECK CMD ["true"]
RUN go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot AS runtime
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
