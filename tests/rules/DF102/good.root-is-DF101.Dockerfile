FROM alpine:3.22
USER root
