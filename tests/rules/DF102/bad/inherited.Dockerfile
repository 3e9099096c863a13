# the final stage sets no USER: it inherits `nobody` from the stage it is built on
FROM node:24-alpine AS runtime
USER nobody

FROM runtime
COPY dist /app
CMD ["node", "/app/server.js"]
