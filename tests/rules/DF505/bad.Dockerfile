FROM node:22-alpine AS build
WORKDIR /usr/src
WORKDIR app
RUN npm ci

FROM build AS test
WORKDIR ./tests

FROM nginx:1.27-alpine
ARG SITE=site
WORKDIR "$SITE"
