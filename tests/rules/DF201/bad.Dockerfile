ARG NODE_TAG=latest
ARG PY_TAG
FROM node:${NODE_TAG} AS web
FROM python:${PY_TAG:-latest} AS api
FROM nginx AS proxy
FROM registry.example.com:5000/team/tools AS tools
FROM docker.io/library/redis:latest
