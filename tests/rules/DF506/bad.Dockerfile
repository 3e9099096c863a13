FROM php:8.3-fpm-alpine
ENTRYPOINT ["docker-php-entrypoint"]
CMD ["php-fpm"]
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT ["/usr/local/bin/start.sh"]

FROM alpine:3.20
CMD ["sh"]
CMD ["sh", "-c", "echo one"]
CMD ["sh", "-c", "echo two"]
