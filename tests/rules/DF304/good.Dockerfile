FROM alpine:3.20
# targeted upgrades of named packages are deliberate
RUN apk upgrade --no-cache openssl
RUN apk add --no-cache --upgrade 'libcrypto3>=3.3.2-r0'

FROM rockylinux:9
RUN dnf update -y openssl-libs && dnf clean all
RUN apt-get update && apt-get install -y --no-install-recommends --only-upgrade tzdata
