FROM eclipse-temurin:21-jre AS build
# build stages do not start containers
CMD java -version

FROM eclipse-temurin:21-jre
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
CMD ["--server.port=8080"]

FROM python:3.12-slim
# the shell replaces itself with the program
CMD set -e; exec gunicorn --bind 0.0.0.0:8080 app:app
