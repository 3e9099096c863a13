FROM alpine:3.22
USER 10001:appgroup
