FROM eclipse-temurin:21-jre
COPY app.jar /app/app.jar
ENTRYPOINT java -jar /app/app.jar
