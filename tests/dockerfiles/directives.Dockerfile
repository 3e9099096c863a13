# Syntax = docker/dockerfile:1.4
#escape=`
#  CHECK=skip=all
# an ordinary comment ends the directives
# escape=\
FROM alpine:3.20
RUN echo one `
    two
