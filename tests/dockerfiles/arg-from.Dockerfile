ARG BASE_REGISTRY=docker.io
ARG NODE_VERSION=20
ARG VARIANT
ARG TAG_SUFFIX=${VARIANT:+-${VARIANT}}
ARG BUILDER="${BASE_REGISTRY}/library/node:${NODE_VERSION}${TAG_SUFFIX}"
FROM --platform=$BUILDPLATFORM ${BUILDER} AS deps
ARG NODE_VERSION
ARG APP_USER=node
ENV NODE_ENV=production APP_HOME=/home/${APP_USER}/app
WORKDIR $APP_HOME
COPY --chown=${APP_USER}:${APP_USER} package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:${NODE_VERSION:-18}-${VARIANT:-alpine} AS runtime
FROM ${MISSING}/app:${VARIANT} AS unknown
FROM '$NODE_VERSION' AS quoted
