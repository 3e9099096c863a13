FROM node:22-alpine
ENTRYPOINT ["node"]
CMD server.js --port 8080
