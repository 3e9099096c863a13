FROM node:22-alpine
RUN apk add --no-cache curl=8.9.1-r1
RUN apk update && apk add git=2.45.2-r0 && rm -rf /var/cache/apk/*
RUN --mount=type=cache,target=/var/cache/apk apk add tzdata
RUN npm ci --omit=dev && npm cache clean --force
RUN --mount=type=cache,target=/root/.npm npm install -g pnpm@9.4.0
RUN yarn install --frozen-lockfile && yarn cache clean
