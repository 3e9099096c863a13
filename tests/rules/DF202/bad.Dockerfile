ARG BASE=gcr.io/distroless/static-debian12:nonroot
FROM golang:1.25-alpine3.22 AS build
FROM node AS assets
FROM ${BASE}
