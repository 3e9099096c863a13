# Supported until at least mid-2030 (see seawall/policy/base_image_eol.py); tags that do not
# pin a version, unknown images and stage references are not judged.
ARG RUNTIME
FROM python:3.14-slim-trixie AS app
FROM eclipse-temurin:25-jre-alpine AS jvm
FROM amazoncorretto:21-al2023 AS corretto
FROM ubuntu:26.04 AS tools
FROM debian:trixie-20260901-slim AS os
FROM node:lts-alpine AS assets
FROM alpine:edge AS edge
FROM registry.example.com/team/python:3.8 AS custom
FROM ${RUNTIME} AS runtime
FROM scratch AS empty
FROM app
