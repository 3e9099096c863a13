FROM node:22-alpine
RUN apk add curl=8.9.1-r1
RUN apk update && apk add --no-cache git=2.45.2-r0
RUN npm ci --omit=dev
RUN yarn install --frozen-lockfile && yarn cache clean && yarn add left-pad@1.3.0
