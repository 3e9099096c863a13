FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=ghcr.io/example/server:1.4.2 /server /server
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/healthz"]
ENTRYPOINT ["/bin/sh", "-c", "exec /server --port=$PORT"]
