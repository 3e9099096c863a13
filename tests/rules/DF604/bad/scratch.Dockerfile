FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM scratch
COPY --from=build /out/server /server
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/app/server"]
