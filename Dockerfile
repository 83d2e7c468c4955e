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
# Start-up (docs/performance.md): the jar extracted into Spring Boot's plain layout (jar/app.jar + jar/lib/), and a
# class-data-sharing archive of the classes a start loads, recorded by a training run that stops once the context is
# refreshed (embedded defaults, nothing external is reached). Ready in about half the time of the plain fat jar.
COPY --from=build /src/app.jar /tmp/app.jar
RUN java -Djarmode=tools -jar /tmp/app.jar extract --destination /app/jar \
 && rm /tmp/app.jar \
 && cd /tmp && DATA_DIR=/tmp/cds-training java -XX:ArchiveClassesAtExit=/app/jar/app.jsa \
      -Dspring.context.exit=onRefresh -jar /app/jar/app.jar \
 && rm -rf /tmp/cds-training
# The routes, SQL and templates as built; mount a folder over /app/routes (or set ROUTES_DIR) to change them
# without a rebuild. With WORKDIR /app, ./routes is found without ROUTES_DIR.
COPY routes/ /app/routes/
# Embedded H2 files and the embedded broker's KahaDB, used only for services left unconfigured.
ENV DATA_DIR=/app/data
VOLUME /app/data
USER app
EXPOSE 8080
# Memory (docs/performance.md, "Memory"): the serial collector (no G1 remembered sets and refinement threads: a small
# heap on few cores), the heap grown from 64 MB as needed rather than committed whole at once (and kept at most 30%
# free after a collection: the collector otherwise grows it to the maximum under a burst), smaller thread stacks,
# bounded code cache and metaspace, and two malloc arenas instead of up to eight per core.
ENV MALLOC_ARENA_MAX=2
# exec form: SIGTERM reaches the JVM, which shuts down gracefully. More JVM flags (-Xmx ...): JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/jar/app.jsa", "-XX:+UseSerialGC", "-Xms64m", \
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss512k", \
            "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=200m", "-jar", "/app/jar/app.jar"]
