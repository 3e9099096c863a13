# an image with a shell: what it contains is not judged
FROM alpine:3.20
HEALTHCHECK CMD curl -f http://localhost:8080/healthz
CMD ["server"]
