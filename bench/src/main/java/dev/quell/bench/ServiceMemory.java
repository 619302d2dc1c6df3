package dev.quell.bench;

import dev.quell.indexer.ElasticsearchNode;
import dev.quell.kafka.EmbeddedKafkaBroker;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.GroupProgress;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.time.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * Heap and RSS of each Quell service — ingest, streams, the remediator and the indexer, each in its
 * own JVM ({@code -Xmx256m}) — under a sustained open-loop load of webhooks and NDJSON log batches,
 * sampled every 2 s until the load has ended and the indexer has caught up (or a minute more has
 * passed); the peaks are reported. The indexer writes into a real Elasticsearch node (the
 * integ-test distribution the bench's build unpacks, started as the indexer's tests start it).
 */
final class ServiceMemory {

    /** A service's peaks over the run. */
    record Peak(String module, long heapBytes, long rssBytes) {
    }

    /**
     * The peaks; the load each route got and how much of it failed; how many log lines Elasticsearch
     * held at the end (most of the indexer's work) and whether the indexer had caught up by then.
     */
    record Result(List<Peak> peaks, Load.Latency webhooks, Load.Latency logs, long logsIndexed, boolean indexerCaughtUp) {
    }

    private static final String PREFIX = "bench.memory.";
    private static final String INDEXER_GROUP = "bench-memory-indexer";
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private ServiceMemory() {
    }

    static Result measure(Path repository, Duration duration, double webhooksPerSecond, double logBatchesPerSecond)
            throws Exception {
        CompletableFuture<ElasticsearchNode> elasticsearch = startElasticsearch(repository); // the slowest to start
        Path work = Files.createTempDirectory("quell-bench-memory");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).port(0).build().start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            String bootstrap = broker.bootstrapServers();
            Topics topics = new Topics(PREFIX, Topics.DEFAULT_PARTITIONS);
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
            int streamsPort = StartupTime.freePort();
            try (ServiceJvm ingest = new ServiceJvm(repository, "ingest", bootstrap, PREFIX, StartupTime.freePort(), Map.of());
                 ServiceJvm streams = new ServiceJvm(repository, "streams", bootstrap, PREFIX, streamsPort, Map.of(
                         "quell.streams.application-id", "bench-memory-streams",
                         "quell.streams.state-dir", work.resolve("streams").toString(),
                         "quell.streams.advertised-url", "http://127.0.0.1:" + streamsPort));
                 ServiceJvm remediator = new ServiceJvm(repository, "remediator", bootstrap, PREFIX, StartupTime.freePort(),
                         Map.of("quell.remediator.group-id", "bench-memory-remediator"));
                 ServiceJvm indexer = new ServiceJvm(repository, "indexer", bootstrap, PREFIX, StartupTime.freePort(), Map.of(
                         "quell.indexer.elasticsearch.url", elasticsearch.join().url(),
                         "quell.indexer.group-id", INDEXER_GROUP,
                         "quell.indexer.number-of-replicas", "0"))) {
                Sampler sampler = new Sampler(List.of(ingest, streams, remediator, indexer));
                try {
                    CompletableFuture<Load.Latency> logs = CompletableFuture.supplyAsync(() -> openLoop(
                            new Load(ingest.url + "/logs", "application/x-ndjson"), logBatchesPerSecond, duration,
                            new Payloads()::ndjson));
                    Load.Latency webhooks = new Load(ingest.url + "/webhooks/alertmanager", "application/json")
                            .openLoop(webhooksPerSecond, duration, new Payloads()::webhook);
                    Load.Latency logsSent = logs.join();
                    boolean caughtUp = Poll.until(() -> GroupProgress.caughtUp(admin, INDEXER_GROUP,
                            List.of(topics.logs().name(), topics.incidents().name(), topics.remediations().name())),
                            Duration.ofMillis(500), CATCH_UP);
                    return new Result(sampler.stop(), webhooks, logsSent, logsIndexed(elasticsearch.join()), caughtUp);
                } finally {
                    sampler.stop();
                }
            }
        } finally {
            Bench.deleteRecursively(work);
            elasticsearch.thenAccept(ElasticsearchNode::stop).join();
        }
    }

    /** The indexer's tests' Elasticsearch node, from the distribution the bench's build unpacked, started in the background. */
    private static CompletableFuture<ElasticsearchNode> startElasticsearch(Path repository) throws IOException {
        Path unpacked = repository.resolve("bench/target/elasticsearch");
        Path home;
        try (Stream<Path> found = Files.isDirectory(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            home = found.filter(path -> path.getFileName().toString().startsWith("elasticsearch-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Elasticsearch under " + unpacked
                            + ": ./mvnw -B -q -DskipTests -pl bench -am package unpacks it"));
        }
        System.setProperty("quell.test.elasticsearch.home", home.toString());
        return CompletableFuture.supplyAsync(ElasticsearchNode::shared);
    }

    private static Load.Latency openLoop(Load load, double ratePerSecond, Duration duration,
                                         Supplier<byte[]> bodies) {
        try {
            return load.openLoop(ratePerSecond, duration, bodies);
        } catch (Exception e) {
            throw new IllegalStateException("the log load failed", e);
        }
    }

    /** Log lines in the daily log indices, once what was indexed is searchable (refreshed). */
    private static long logsIndexed(ElasticsearchNode node) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create(node.url() + "/quell-logs-*/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(node.url() + "/quell-logs-*/_count")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("counting the indexed logs answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.mapper().readTree(response.body()).path("count").asLong();
    }

    /** Samples every service's heap in use and RSS every 2 s, keeping the peaks. */
    private static final class Sampler {

        private final Map<ServiceJvm, long[]> peaks = new LinkedHashMap<>(); // {heap, rss}
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Sampler(List<ServiceJvm> services) {
            services.forEach(service -> peaks.put(service, new long[2]));
            timer.scheduleAtFixedRate(this::sample, 0, 2, TimeUnit.SECONDS);
        }

        private void sample() {
            peaks.forEach((service, peak) -> {
                try {
                    peak[0] = Math.max(peak[0], service.heapUsedBytes());
                    peak[1] = Math.max(peak[1], service.rssBytes());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    // a missed sample: the next one counts
                }
            });
        }

        /** Stops sampling (again: a no-op) and returns the peaks. */
        List<Peak> stop() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(30, TimeUnit.SECONDS);
            List<Peak> result = new ArrayList<>();
            peaks.forEach((service, peak) -> result.add(new Peak(service.module, peak[0], peak[1])));
            return result;
        }
    }
}
