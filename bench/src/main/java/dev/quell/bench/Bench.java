package dev.quell.bench;

import dev.quell.kafka.EmbeddedKafkaBroker;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite and rewrites the generated part of {@code docs/benchmarks.md}:
 * {@code java -jar bench/target/quell-bench.jar [--quick] [--only startup,ingest,latency,jmh] [--no-write]}.
 * Every ratio is against a baseline measured in the same run, on the same broker.
 */
public final class Bench {

    static final String MARKER = "<!-- Everything below is written by the bench (dev.quell.bench.Bench); edit above. -->";

    private final Path repository;
    private final boolean quick;
    private final Set<String> only;
    /** The results so far, in the document's Markdown; each section appends its own. */
    final StringBuilder report = new StringBuilder();
    /** The sections that failed, by name. */
    final List<String> failed = new ArrayList<>();

    /** One of ingest's routes under load, with the bodies it is sent. */
    private record Route(Load load, Supplier<byte[]> bodies) {
        Load.Throughput closedLoop(int clients, Duration duration) throws InterruptedException {
            return load.closedLoop(clients, duration, bodies);
        }
    }

    Bench(Path repository, boolean quick, Set<String> only) {
        this.repository = repository;
        this.quick = quick;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Set<String> only = Set.of("startup", "ingest", "latency", "streams", "instances", "memory", "e2e", "jmh");
        int at = options.indexOf("--only");
        if (at >= 0) {
            only = Set.of(options.get(at + 1).split(","));
        }
        Path repository = Path.of(System.getProperty("quell.repository", ".")).toAbsolutePath().normalize();
        Bench bench = new Bench(repository, options.contains("--quick"), only);
        String results = bench.run(String.join(" ", args));
        System.out.println(results);
        if (!options.contains("--no-write")) {
            bench.write(results);
        }
        if (!bench.failed.isEmpty()) {
            System.err.println("bench: failed: " + String.join(", ", bench.failed)
                    + " (their earlier results stay in docs/benchmarks.md; the stack traces are above)");
            System.exit(1);
        }
    }

    String run(String args) throws Exception {
        Files.createDirectories(repository.resolve("bench/target"));
        report.append("\n## Results\n\n")
                .append("Each section names the run it comes from (`./quell bench --only …` replaces only its sections).\n\n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memory()).append(", ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(". Broker, load generator and services share those cores.\n");
        timed("startup", only.contains("startup"), this::startup);
        timed("ingest and latency", only.contains("ingest") || only.contains("latency"), this::ingest);
        timed("streams", only.contains("streams"), this::streams);
        timed("instances", only.contains("instances"), this::streamsInstances);
        timed("memory", only.contains("memory"), this::serviceMemory);
        timed("e2e", only.contains("e2e"), this::endToEnd);
        timed("jmh", only.contains("jmh"), this::jmh);
        return Results.stamp(report.toString(), "_Run " + LocalDate.now() + ": `./quell bench" + (args.isEmpty() ? "" : " " + args)
                + "` (`java -Dquell.repository=. -jar bench/target/quell-bench.jar" + (args.isEmpty() ? "" : " " + args) + "`)._");
    }

    interface Section {
        void run() throws Exception;
    }

    /**
     * Runs the section if asked for, and says how long it took (the whole suite must stay under 10
     * minutes). A section that fails is left out of the report whole — what it measured before it
     * failed is not a result — and the next one runs: one failure does not cost a whole run.
     */
    void timed(String name, boolean asked, Section section) throws InterruptedException {
        if (!asked) {
            return;
        }
        int reportedBefore = report.length();
        long start = System.nanoTime();
        try {
            section.run();
            System.err.printf(Locale.ROOT, "bench: %s took %.0f s%n", name, (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            report.setLength(reportedBefore);
            failed.add(name);
            System.err.printf(Locale.ROOT, "bench: %s failed after %.0f s: %s%n", name, (System.nanoTime() - start) / 1e9, e);
            e.printStackTrace();
        }
    }

    private void startup() throws Exception {
        report.append("\n### `./quell up`: time to ready (goal ≤ 15 s)\n\n")
                .append("A fresh data directory each run: the embedded broker formats its storage, the seven topics are"
                        + " created, every service starts.\n\n")
                .append("| run | \"Quell is ready.\" | `/health/readiness` 200 | RSS then |\n|---|---|---|---|\n");
        int runs = quick ? 1 : 3;
        for (int i = 1; i <= runs; i++) {
            StartupTime.Run run = StartupTime.once(repository);
            report.append(String.format(Locale.ROOT, "| %d | %.1f s | %.1f s | %d MiB |%n", i,
                    run.toReadyLine().toMillis() / 1000.0, run.toReadiness().toMillis() / 1000.0, run.rssBytes() >> 20));
        }
    }

    private void ingest() throws Exception {
        Duration duration = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(6);
        Path work = Files.createTempDirectory("quell-bench");
        Topics topics = new Topics("bench.", Topics.DEFAULT_PARTITIONS);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).port(0).build().start()) {
            String bootstrap = broker.bootstrapServers();
            Topics baseline = new Topics("bench.baseline.", Topics.DEFAULT_PARTITIONS);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1);
                provisioner.ensure(topics, 30_000);
                provisioner.ensure(baseline, 30_000);
            }
            try (ServiceJvm ingest = new ServiceJvm(repository, "ingest", bootstrap, "bench.", StartupTime.freePort(), Map.of())) {
                Payloads payloads = new Payloads();
                Route webhooks = new Route(new Load(ingest.url + "/webhooks/alertmanager", "application/json"),
                        Payloads.madeAhead(quick ? 16 : 256, payloads::webhook));
                Route ndjson = new Route(new Load(ingest.url + "/logs", "application/x-ndjson"),
                        Payloads.madeAhead(quick ? 4 : 64, payloads::ndjson));
                Route bulk = new Route(new Load(ingest.url + "/_bulk", "application/x-ndjson"),
                        Payloads.madeAhead(quick ? 4 : 64, payloads::bulk));
                JitSettling.Settled settled = warmUp(ingest, webhooks, ndjson, bulk);

                List<Integer> concurrency = quick ? List.of(8) : List.of(8, 32);
                List<Load.Throughput> alertRuns = new ArrayList<>();
                List<Load.Throughput> lineRuns = new ArrayList<>();
                List<Load.Throughput> docRuns = new ArrayList<>();
                for (int clients : concurrency) {
                    alertRuns.add(webhooks.closedLoop(clients, duration));
                    lineRuns.add(ndjson.closedLoop(clients, duration));
                    docRuns.add(bulk.closedLoop(clients, duration));
                }
                long heap = ingest.heapUsedBytes();
                long rss = ingest.rssBytes();

                List<String> alertValues = sample(bootstrap, topics.alerts().name(), 2_000);
                List<String> logValues = sample(bootstrap, topics.logs().name(), 2_000);
                // the producer's code warms up with the alerts, 6 s; the logs' own lane (lingering) 2 s more; timed runs of ~2 s
                ProducerBaseline.Plan alertPlan = quick ? new ProducerBaseline.Plan(20_000, Duration.ZERO, Duration.ZERO)
                        : new ProducerBaseline.Plan(300_000, Duration.ofSeconds(6), Duration.ofSeconds(2));
                ProducerBaseline.Plan logPlan = new ProducerBaseline.Plan(alertPlan.warmUpRecords(),
                        alertPlan.warmUp().dividedBy(3), alertPlan.timedRun());
                // each with the linger of ingest's lane for it (RecordPublisher.Lane): alerts 0, logs 5 ms
                ProducerBaseline.Runs alertBaselineRuns = ProducerBaseline.recordsPerSecond(bootstrap, baseline.alerts().name(),
                        alertValues, alertPlan, 0, work);
                ProducerBaseline.Runs logBaselineRuns = ProducerBaseline.recordsPerSecond(bootstrap, baseline.logs().name(),
                        logValues, logPlan, 5, work);
                double alertBaseline = alertBaselineRuns.median();
                double logBaseline = logBaselineRuns.median();

                report.append("\n### Ingest throughput against Kafka's `ProducerPerformance` (goal ≥ 0.7)\n\n")
                        .append("The ingest jar in its own JVM (`-Xmx256m`), warmed up first: ")
                        .append(settled.describe("of the three routes at 8 clients"))
                        .append(". Then closed-loop HTTP clients (one keep-alive connection each, bodies made beforehand) for ")
                        .append(duration.toSeconds())
                        .append(" s per route and concurrency, 200 only once every record is acknowledged (acks=all)."
                                + " Baseline: `ProducerPerformance` with ingest's producer settings (linger 0 for alerts, 5 ms for logs),"
                                + " sending the very records ingest wrote (sampled from its topics) to the same broker, in this JVM:")
                        .append(String.format(Locale.ROOT, " warmed up by runs of %,d records for %.0f s (the logs' lane %.0f s"
                                + " more), then %d timed runs"
                                + " of as many records as the last warm-up run's rate sends in %d s (alerts %,d, logs %,d records"
                                + " each); their median is the baseline (alerts %,.0f–%,.0f, logs %,.0f–%,.0f records/s).%n%n",
                                alertPlan.warmUpRecords(), alertBaselineRuns.warmUp().toMillis() / 1000.0,
                                logBaselineRuns.warmUp().toMillis() / 1000.0, ProducerBaseline.TIMED_RUNS,
                                alertPlan.timedRun().toSeconds(), alertBaselineRuns.recordsPerRun(),
                                logBaselineRuns.recordsPerRun(), alertBaselineRuns.min(), alertBaselineRuns.max(),
                                logBaselineRuns.min(), logBaselineRuns.max()))
                        .append("| route | clients | requests/s | records/s | failed requests | baseline records/s | ratio |\n")
                        .append("|---|---|---|---|---|---|---|\n");
                for (int i = 0; i < concurrency.size(); i++) {
                    int clients = concurrency.get(i);
                    report.append(row("webhook, 50 alerts", clients, alertRuns.get(i), Payloads.ALERTS_PER_WEBHOOK, alertBaseline))
                            .append(row("`/logs`, 500 NDJSON lines", clients, lineRuns.get(i), Payloads.LINES_PER_BATCH,
                                    logBaseline))
                            .append(row("`/_bulk`, 500 documents", clients, docRuns.get(i), Payloads.LINES_PER_BATCH,
                                    logBaseline));
                }
                report.append(String.format(Locale.ROOT, "%nIngest after the load: heap in use %d MiB (goal ≤ 256),"
                        + " RSS %d MiB. Record sizes: alert %d B, log %d B on average.%n", heap >> 20, rss >> 20,
                        average(alertValues), average(logValues)));
                if (Boolean.getBoolean("quell.bench.ingest-json-baseline")) {
                    jsonBaseline(bootstrap, alertPlan, concurrency, List.of(
                            new JsonRoute("webhook, 50 alerts", webhooks, alertRuns, Payloads.ALERTS_PER_WEBHOOK, 0, baseline.alerts().name(),
                                    JsonProducerBaseline.webhooks(baseline.alerts(), CorrelationKeys.defaults())),
                            new JsonRoute("`/logs`, 500 NDJSON lines", ndjson, lineRuns, Payloads.LINES_PER_BATCH, 5, baseline.logs().name(),
                                    JsonProducerBaseline.ndjson(baseline.logs(), CorrelationKeys.defaults())),
                            new JsonRoute("`/_bulk`, 500 documents", bulk, docRuns, Payloads.LINES_PER_BATCH, 5, baseline.logs().name(),
                                    JsonProducerBaseline.bulk(baseline.logs(), CorrelationKeys.defaults()))));
                }
                Load.Throughput alerts = alertRuns.get(alertRuns.size() - 1);

                if (only.contains("latency")) {
                    latency(webhooks, alerts.perSecond(), quick ? Duration.ofSeconds(2) : Duration.ofSeconds(6));
                }
            }
        } finally {
            deleteRecursively(work);
        }
    }

    /** A route measured against the JSON baseline: its load, its runs by concurrency, and what ingest does with a body. */
    private record JsonRoute(String name, Route route, List<Load.Throughput> runs, int recordsPerRequest, int lingerMs,
                             String topic, JsonProducerBaseline.Route work) {
    }

    /**
     * The optional second baseline (JsonProducerBaseline): each route's JSON work and Kafka sends without
     * HTTP, warmed up and timed as the producer baseline is; a table of ingest against it.
     */
    private void jsonBaseline(String bootstrap, ProducerBaseline.Plan plan, List<Integer> concurrency,
                              List<JsonRoute> routes) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        report.append("\n#### Against a baseline that also reads and writes the JSON (`-Dquell.bench.ingest-json-baseline=true`)\n\n")
                .append(String.format(Locale.ROOT, "`ProducerPerformance`'s loop — the same producer settings, no wait per"
                        + " request — from %d threads (one per core) sharing one producer, each record made from the very"
                        + " bodies the load sends, by ingest's own code (parser, events, log mapper, serdes); no HTTP."
                        + " Warmed up for %.0f s, then the median of %d runs of %d s each (their range beside it). What"
                        + " ingest measures below it is HTTP and the wait for each request's acknowledgements.%n%n", threads,
                        plan.warmUp().toMillis() / 1000.0, ProducerBaseline.TIMED_RUNS, plan.timedRun().toSeconds()))
                .append("| route | clients | records/s | JSON baseline records/s (range) | ratio |\n|---|---|---|---|---|\n");
        for (JsonRoute route : routes) {
            ProducerBaseline.Runs runs = JsonProducerBaseline.recordsPerSecond(bootstrap, route.topic(), route.lingerMs(),
                    route.route().bodies(), route.work(), threads, plan.warmUp(), plan.timedRun());
            for (int i = 0; i < concurrency.size(); i++) {
                double recordsPerSecond = route.runs().get(i).perSecond() * route.recordsPerRequest();
                report.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f (%.0f–%.0f) | %.2f |%n", route.name(),
                        concurrency.get(i), recordsPerSecond, runs.median(), runs.min(), runs.max(),
                        recordsPerSecond / runs.median()));
            }
        }
    }

    /**
     * Load on all three routes until the ingest JVM's JIT has settled (at most 45 s,
     * {@code -Dquell.bench.ingest-settle-seconds}): each route's code is compiled before it is measured.
     */
    private JitSettling.Settled warmUp(ServiceJvm ingest, Route webhooks, Route ndjson, Route bulk) throws Exception {
        if (quick) {
            webhooks.closedLoop(4, Duration.ofSeconds(1));
            return JitSettling.Settled.NONE;
        }
        Duration third = JitSettling.STEP.dividedBy(3);
        return JitSettling.settle("ingest", ingest.url, Duration.ofSeconds(Long.getLong("quell.bench.ingest-settle-seconds", 45)),
                step -> {
                    webhooks.closedLoop(8, third);
                    ndjson.closedLoop(8, third);
                    bulk.closedLoop(8, third);
                });
    }

    /** The streams service as deployed, one instance and then two of one application ({@link StreamsInstances}). */
    private void streamsInstances() throws Exception {
        int webhooks = quick ? 40 : 500;
        int logBatches = quick ? 4 : 50;
        report.append("\n### Streams: one instance or two, each in its own JVM\n\n")
                .append("The streams jar (`-Xmx256m`, one stream thread, exactly-once), on a fresh broker with 6 partitions"
                        + " per topic. The instances start on empty topics and are all ready (the group formed, every task"
                        + " assigned) before a record is sent: neither JVM start-up nor the second member's rebalance is"
                        + " timed. A quarter of the input first, untimed (the instances' JIT warms up); then what ingest"
                        + " writes for ").append(webhooks).append(" webhooks of 50 alerts and ").append(logBatches)
                .append(" batches of 500 log lines, timed from its first record sent until every input offset is committed"
                        + " (filling overlaps the processing). Broker, instances and the filling producer share the machine's"
                        + " cores. Input partitions per instance: as the consumer group shared the 12 (alerts and logs) at"
                        + " the end.\n\n")
                .append("| instances | records | took | records/s | against one instance | input partitions per instance |\n")
                .append("|---|---|---|---|---|---|\n");
        double single = 0;
        for (int instances : List.of(1, 2)) {
            StreamsInstances.Result result = StreamsInstances.measure(repository, instances, webhooks, logBatches);
            single = instances == 1 ? result.perSecond() : single;
            report.append(String.format(Locale.ROOT, "| %d | %d | %.1f s | %.0f | %.2f | %s |%n", instances,
                    result.records(), result.took().toMillis() / 1000.0, result.perSecond(), result.perSecond() / single,
                    String.join(" + ", result.partitionsPerInstance().stream().map(String::valueOf).toList())));
        }
    }

    /** Heap and RSS of each service in its own JVM under a sustained load ({@link ServiceMemory}). */
    private void serviceMemory() throws Exception {
        Duration duration = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(30);
        double webhooksPerSecond = 20;
        double logBatchesPerSecond = 2;
        ServiceMemory.Result result = ServiceMemory.measure(repository, duration, webhooksPerSecond, logBatchesPerSecond);
        long logLines = result.logs().requests() * Payloads.LINES_PER_BATCH;
        report.append("\n### Memory of each service under load (goal ≤ 256 MiB heap each)\n\n")
                .append(String.format(Locale.ROOT, "ingest, streams, the remediator and the indexer, each in its own JVM"
                        + " (`-Xmx256m`), the indexer writing into a real Elasticsearch node (512 MiB heap, on the same"
                        + " cores), while for %d s %.0f webhooks of 50 alerts a second (%,d alerts over 1,000 correlation"
                        + " keys, each alert new, so every incident grows) and %.0f NDJSON batches of 500 lines a second"
                        + " (%,d lines) went through; sampled every 2 s until the indexer had caught up, peaks shown."
                        + " Failed requests: webhooks %s, log batches %s. Log lines in Elasticsearch at the end: %,d%s.%n%n",
                        duration.toSeconds(), webhooksPerSecond, result.webhooks().requests() * Payloads.ALERTS_PER_WEBHOOK,
                        logBatchesPerSecond, logLines, result.webhooks().failures(), result.logs().failures(),
                        result.logsIndexed(), result.indexerCaughtUp() ? "" : " (the indexer had not caught up a minute after the load)"))
                .append("| service | peak heap in use | peak RSS |\n|---|---|---|\n");
        result.peaks().forEach(peak -> report.append(String.format(Locale.ROOT, "| %s | %d MiB | %d MiB |%n",
                peak.module(), peak.heapBytes() >> 20, peak.rssBytes() >> 20)));
    }

    private void streams() throws Exception {
        int webhooks = quick ? 40 : 800;
        int logBatches = quick ? 4 : 80;
        report.append("\n### Streams with exactly-once, against a pass-through Streams app (goal ≥ 0.5)\n\n")
                .append("Topics filled beforehand with what ingest writes for ").append(webhooks)
                .append(" webhooks of 50 alerts and ").append(logBatches).append(" batches of 500 log lines (1,000"
                        + " correlation keys); each application reads them from the start with `exactly_once_v2`; timed"
                        + " from its first offset commit (start-up and rebalance left out) to every input offset committed. Baseline: source → sink, same input, same"
                        + " guarantee, same broker, same thread count. Incident versions: what the topology emitted"
                        + " (changes of one incident within `quell.streams.emit-every` are one version).\n\n")
                .append("| partitions | stream threads | records | incident versions | incident topology | pass-through | ratio"
                        + " | JIT compiling during the topology's run |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        List<int[]> shapes = new ArrayList<>(); // partitions x stream threads, e.g. -Dquell.bench.streams-shapes=1x1,6x2
        for (String shape : System.getProperty("quell.bench.streams-shapes", quick ? "1x1" : "1x1,3x1,6x1").split(",")) {
            String[] parts = shape.trim().split("x");
            shapes.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        }
        boolean warmUp = !quick && Boolean.parseBoolean(System.getProperty("quell.bench.streams-warm-up", "true"));
        if (warmUp) { // the JIT compiles the topology's code in this JVM before any run is timed — not all of it (see below)
            streamsRun(1, 1, webhooks / 4, logBatches / 4);
        }
        List<String> againstJson = new ArrayList<>();
        for (int[] shape : shapes) {
            StreamsThroughput.Result result = streamsRun(shape[0], shape[1], webhooks, logBatches);
            report.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f records/s | %.0f records/s | %.2f | %.1f s of %.1f s |%n",
                    shape[0], shape[1], result.records(), result.versions(), result.quellPerSecond(),
                    result.passThroughPerSecond(),
                    result.quellPerSecond() / result.passThroughPerSecond(),
                    result.quell().compiling().toMillis() / 1000.0, result.quell().took().toMillis() / 1000.0));
            if (result.jsonPassThrough() != null) {
                againstJson.add(String.format(Locale.ROOT, "%d×%d: %.0f records/s (the topology %.2f of it)", shape[0],
                        shape[1], result.jsonPassThrough().perSecond(),
                        result.quellPerSecond() / result.jsonPassThrough().perSecond()));
            }
        }
        if (!againstJson.isEmpty()) {
            report.append("\nA JSON pass-through (each record read into its event and written back with the topic's serde,"
                    + " no state; `-Dquell.bench.streams-json-baseline=true`), partitions × threads: ")
                    .append(String.join("; ", againstJson)).append(".\n");
        }
        report.append(warmUp ? "\nBoth applications ran once, untimed, over a quarter of that input first (in this JVM:"
                + " the JIT had compiled much of their code before the timed runs; `-Dquell.bench.streams-warm-up=false` times"
                + " them cold).\n" : "\nNo warm-up: the first run is timed while the JIT compiles.\n")
                .append("JIT compiling: how long this JVM's JIT compilers worked while the topology was timed, summed over"
                        + " their threads (so it may exceed the run), the broker's code included — a run timed while they"
                        + " still work is partly a JVM warming up; repeated shapes (`-Dquell.bench.streams-shapes=3x1,3x1,…`)"
                        + " show the runs after it settles.\n");
    }

    /** A fresh broker with {@code partitions} per topic, filled, and both applications timed over it. */
    private StreamsThroughput.Result streamsRun(int partitions, int threads, int webhooks, int logBatches)
            throws Exception {
        Path work = Files.createTempDirectory("quell-bench-streams");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).port(0).build()
                .start()) {
            Topics topics = new Topics("bench.streams.", partitions);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
            }
            StreamsInput.fill(broker.bootstrapServers(), topics, webhooks, logBatches);
            return StreamsThroughput.measure(broker.bootstrapServers(), topics, threads,
                    Boolean.getBoolean("quell.bench.streams-json-baseline"));
        } finally {
            deleteRecursively(work);
        }
    }

    /** Webhooks sent to find the pipeline's maximum rate in the end-to-end section. */
    private static final long SATURATING = 1_500;

    private void endToEnd() throws Exception {
        EndToEndLatency.Result result = EndToEndLatency.measure(repository, quick ? 5 : 20,
                quick ? Duration.ofSeconds(2) : Duration.ofSeconds(15), quick ? 0 : SATURATING,
                Duration.ofSeconds(Long.getLong("quell.bench.e2e-settle-seconds", quick ? 0 : 60)),
                Duration.ofSeconds(Long.getLong("quell.bench.e2e-seconds", quick ? 5 : 20)));
        report.append("\n### End to end: webhook → incident → `planned` (goals p99 ≤ 150 ms and ≤ 300 ms)\n\n")
                .append("`./quell up` (dry-run, a PostgreSQL target so the pool playbook plans), webhooks of one"
                        + " DatabasePoolExhausted alert for a new service each (a new incident and a new plan each), on"
                        + " a fixed schedule. ").append(result.warmUp())
                .append(" webhooks first warm the JVMs up; then the pipeline's maximum rate: ")
                .append(quick ? "not measured (`--quick`: twice the warm-up rate assumed)" : String.format(Locale.ROOT,
                        "%,d webhooks sent at %.0f/s, all planned at %.0f/s", SATURATING, EndToEndLatency.SATURATING_RATE,
                        result.maxRate()))
                .append("; then ").append(result.settled().describe("at the measured rate, not counted"))
                .append("; then, measured, ").append(String.format(Locale.ROOT, "%.0f", result.rate()))
                .append(result.rate() == result.maxRate() / 2 ? " webhooks/s (half that) for "
                        : " webhooks/s (`-Dquell.bench.e2e-rate`) for ")
                .append(result.webhooks()).append(" webhooks. Timed from sending"
                        + " to the alert on `quell.alerts.v1`, the first version on `quell.incidents.v1` and `planned`"
                        + " on `quell.remediations.v1`, as a `read_committed` consumer sees them.\n\n")
                .append("| | seen | p50 | p99 | max |\n|---|---|---|---|---|\n")
                .append(percentiles("alert (ingest)", result.toAlert(), result.webhooks()))
                .append(percentiles("incident (+ streams)", result.toIncident(), result.webhooks()))
                .append(percentiles("planned (+ remediator)", result.toPlanned(), result.webhooks()))
                .append("\nThe slowest to `planned`, by when they were sent (alert / incident / planned): ")
                .append(result.slowest().stream().map(slow -> String.format(Locale.ROOT, "%.1f s: %d / %d / %d ms",
                        slow.sentAfterMillis() / 1000.0, slow.alertMillis(), slow.incidentMillis(), slow.plannedMillis()))
                        .collect(java.util.stream.Collectors.joining("; ")))
                .append(".\n");
    }

    private static String percentiles(String what, org.HdrHistogram.Histogram histogram, long sent) {
        return String.format(Locale.ROOT, "| %s | %d of %d | %.0f ms | %.0f ms | %.0f ms |%n", what,
                histogram.getTotalCount(), sent, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
    }

    private void latency(Route webhooks, double maxRequestsPerSecond, Duration duration) throws Exception {
        report.append("\n### Webhook latency, open loop (no coordinated omission)\n\n")
                .append("Webhooks of 50 alerts started on a fixed schedule at a share of the maximum rate measured above"
                        + " (").append(String.format(Locale.ROOT, "%.0f", maxRequestsPerSecond))
                .append(" webhooks/s), for ").append(duration.toSeconds())
                .append(" s each, at most ").append(Load.CONNECTIONS).append(" in flight (wrk2's fixed connections)")
                .append("; each latency counts from when the request should have started (HdrHistogram), the wait for a"
                        + " free connection included.\n\n")
                .append("| load | webhooks/s | answered | failed | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|---|\n");
        for (double share : new double[] {0.25, 0.5, 0.9}) {
            Load.Latency latency = webhooks.load().openLoop(Math.max(1, share * maxRequestsPerSecond), duration,
                    webhooks.bodies());
            report.append(String.format(Locale.ROOT, "| %d %% | %.0f | %d | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n",
                    Math.round(share * 100), latency.ratePerSecond(), latency.requests(), latency.failures(),
                    latency.p50(), latency.p99(), latency.p999(), latency.max()));
        }
    }

    private void jmh() throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(HotPaths.class.getName()).forks(quick ? 0 : 1)
                .warmupIterations(quick ? 1 : 6).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 1 : 4).measurementTime(TimeValue.milliseconds(quick ? 1_000 : 1_500));
        Collection<RunResult> results = new Runner(options.build()).run();
        report.append("\n### Hot paths in process (JMH)\n\n")
                .append("`HotPaths`: ").append(quick ? "1 × 1 s warm-up, 1 × 1 s measured, no fork" :
                        "1 fork, 6 × 1 s warm-up, 4 × 1.5 s measured").append(".\n\n")
                .append("| benchmark | average | ± (99.9 %) |\n|---|---|---|\n");
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            report.append(String.format(Locale.ROOT, "| `%s` | %.2f %s | %.2f |%n", name.substring(name.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreUnit(),
                    result.getPrimaryResult().getScoreError()));
        }
    }

    private static String row(String route, int clients, Load.Throughput throughput, int recordsPerRequest,
                              double baseline) {
        double recordsPerSecond = throughput.perSecond() * recordsPerRequest;
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %s | %.0f | %.2f |%n", route, clients,
                throughput.perSecond(), recordsPerSecond, throughput.failures(), baseline, recordsPerSecond / baseline);
    }

    /** Up to {@code count} values of a topic, as written. */
    private static List<String> sample(String bootstrap, String topic, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (values.size() < count) {
                        values.add(record.value());
                    }
                }
            }
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("no records on " + topic);
        }
        return values;
    }

    private static long average(List<String> values) {
        return (long) values.stream().mapToInt(value -> value.getBytes(StandardCharsets.UTF_8).length).average().orElse(0);
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return (Long.parseLong(line.replaceAll("\\D", "")) >> 20) + " GiB";
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "memory unknown";
    }

    private void write(String results) throws IOException {
        Path doc = repository.resolve("docs/benchmarks.md");
        String text = Files.readString(doc);
        int marker = text.indexOf(MARKER);
        if (marker < 0) {
            throw new IllegalStateException(doc + " lacks the marker line " + MARKER);
        }
        String earlier = text.substring(marker + MARKER.length());
        Files.writeString(doc, text.substring(0, marker + MARKER.length()) + "\n" + Results.merge(earlier, results).strip() + "\n");
    }

    /** Removes what a run left on disk (a broker's log, a service's data dir, a state dir). */
    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

}
