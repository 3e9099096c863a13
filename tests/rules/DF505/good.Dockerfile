FROM node:22-alpine
ARG APP_ROOT=/srv
ENV APP_HOME=/opt/app
WORKDIR /usr/src/app
WORKDIR $APP_HOME
WORKDIR ${APP_ROOT}/web
WORKDIR "/quoted/path"
WORKDIR $UNKNOWN/sub

FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
WORKDIR C:\\app
WORKDIR C:/tools
