FROM nginx:1.27-alpine
# an explicit decision
HEALTHCHECK NONE
