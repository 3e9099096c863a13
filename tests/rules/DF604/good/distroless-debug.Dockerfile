# the debug tags of distroless have a busybox shell
FROM gcr.io/distroless/base-debian12:debug
HEALTHCHECK CMD wget -q -O /dev/null http://localhost:8080/healthz || exit 1
ENTRYPOINT /server
