# Build: the Maven wrapper in a JDK 17 image, tests skipped (they run in CI and with ./mvnw verify).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
COPY routes/ routes/
RUN chmod +x mvnw && ./mvnw -B -DskipTests package \
 && cp target/voucherify-gift-integration-*.jar /src/app.jar

# Run: JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /app/data \
 && chown app:app /app/data
WORKDIR /app
COPY --from=build /src/app.jar /app/app.jar
# The routes, SQL and templates as built; mount a folder over /app/routes (or set ROUTES_DIR) to change them
# without a rebuild. With WORKDIR /app, ./routes is found without ROUTES_DIR.
COPY routes/ /app/routes/
# Embedded H2 files and the embedded broker's KahaDB, used only for services left unconfigured.
ENV DATA_DIR=/app/data
VOLUME /app/data
USER app
EXPOSE 8080
# exec form: SIGTERM reaches the JVM, which shuts down gracefully. JVM flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
