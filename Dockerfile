# One Dockerfile for every Quell service: docker build --build-arg SERVICE=ingest -t quell-ingest .
# SERVICE is a module: ingest, streams, remediator, indexer, or standalone (the quell command, whose
# `quell topics` creates the topics of a deployment). compose/docker-compose.yml builds them all.
# Stage 1 builds the module's jar (<SERVICE>/target/quell*.jar: quell-ingest.jar, …, quell.jar) and
# its lib/ with the image's Maven.
FROM maven:3.9.11-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "$SERVICE" || (echo "--build-arg SERVICE=ingest|streams|remediator|indexer|standalone is required" >&2; exit 1) \
 && mvn -B -ntp -q -DskipTests -pl "$SERVICE" -am package \
 && set -- "$SERVICE"/target/quell*.jar && test "$#" -eq 1 && test -f "$1" \
 && mkdir -p /out \
 && cp "$1" /out/quell-service.jar \
 && cp -r "$SERVICE/target/lib" /out/lib

# Stage 2: a JRE, the jar and its libraries, a non-root user; the root filesystem can be read-only
# (the JVM writes only to /tmp, which compose and Kubernetes mount as tmpfs / emptyDir).
FROM eclipse-temurin:17.0.15_6-jre
ARG SERVICE
RUN groupadd --system --gid 10001 quell && useradd --system --uid 10001 --gid quell --no-create-home quell
WORKDIR /app
COPY --from=build /out/ /app/
USER 10001:10001
# In a container every service listens on 8080 (each has its own network namespace).
ENV QUELL_HTTP_HOST=0.0.0.0 \
    QUELL_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
LABEL org.opencontainers.image.title="quell-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/quell-dev/quell"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", "/app/quell-service.jar", "dev.quell.service.health.HealthProbe", "/health"]
ENTRYPOINT ["java", "-jar", "/app/quell-service.jar"]
