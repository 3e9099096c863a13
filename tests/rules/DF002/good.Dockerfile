FROM alpine:3.20
CMD ["./server", "--port", "8080"]
