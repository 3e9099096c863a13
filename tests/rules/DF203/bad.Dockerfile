# Every release below was out of support before 2026-11-27: this file stays bad for good.
ARG PY=3.8
FROM golang:1.21-alpine3.18 AS build
FROM node:16-bullseye-slim AS assets
FROM openjdk:8u342-jre-slim AS legacy
FROM ubuntu:focal AS tools
FROM nginx:1.24 AS proxy
FROM postgres:9 AS db
FROM python:${PY}-slim-buster
