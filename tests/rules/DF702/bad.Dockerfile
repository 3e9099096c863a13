FROM golang:1.25 AS builder
RUN go build -o /out/app ./cmd/app

FROM golang:1.25 AS tester
RUN go test ./...

FROM busybox:1.37
RUN echo unnamed and unused

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
