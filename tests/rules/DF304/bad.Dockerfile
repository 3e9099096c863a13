FROM debian:bookworm-slim
RUN apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*
RUN apt-get update \
    && apt-get -o Dpkg::Options::=--force-confold dist-upgrade -y \
    && rm -rf /var/lib/apt/lists/*

FROM alpine:3.18
RUN apk update && apk upgrade --no-cache

FROM rockylinux:9
RUN dnf -y update && dnf clean all
RUN yum upgrade -y && yum clean all
RUN zypper --non-interactive dup
