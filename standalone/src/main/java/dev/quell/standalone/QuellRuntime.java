package dev.quell.standalone;

import dev.quell.kafka.EmbeddedKafkaBroker;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.io.PrintStream;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code quell up} runs, started in order and stopped in reverse: the embedded broker
 * (unless an existing cluster was given), the topics of the registry, then the services. Once they
 * are started it prints where everything is, and "Quell is ready." when every service is
 * ({@link ReadinessWatch}).
 */
final class QuellRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuellRuntime.class);
    /** How long before the console is told what is not ready yet, and how often after. */
    static final Duration READINESS_NOTICE = Duration.ofSeconds(20);

    private final StandaloneSettings settings;
    private final PrintStream console;
    private final Topics topics;
    private EmbeddedKafkaBroker broker;
    private Services services;
    private ReadinessWatch readiness;
    private boolean closed;

    QuellRuntime(StandaloneSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
        this.topics = new Topics(settings.topicPrefix(), settings.partitions());
    }

    synchronized void start() throws Exception {
        String bootstrap = settings.bootstrapServers();
        if (settings.embeddedBroker()) {
            try {
                broker = EmbeddedKafkaBroker.builder()
                        .dataDir(settings.dataDir().resolve("kafka"))
                        .port(settings.kafkaPort())
                        .build()
                        .start();
            } catch (RuntimeException e) {
                throw portInUse(e, "the embedded Kafka broker's port " + settings.kafkaPort(), "--kafka-port");
            }
            bootstrap = broker.bootstrapServers();
        }
        List<String> created = TopicSetup.ensure(bootstrap, topics, settings.replicationFactor());
        try {
            services = Services.start(settings, bootstrap);
        } catch (RuntimeException e) {
            throw portInUse(e, "the HTTP port " + settings.httpPort(), "--port");
        }
        printStarted(bootstrap, created);
        readiness = ReadinessWatch.start(services::notReady, console, READINESS_NOTICE);
    }

    /** {@code failure} itself, or, when a port was taken, a failure that says which and how to choose another. */
    static RuntimeException portInUse(RuntimeException failure, String port, String option) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new IllegalStateException(port + " is in use by another process (choose another with "
                        + option + ")", failure);
            }
        }
        return failure;
    }

    private void printStarted(String bootstrap, List<String> created) {
        console.println("Quell started; waiting for every service to be ready.");
        if (broker != null) {
            console.println("  Kafka:  " + bootstrap + " (embedded broker, data in " + broker.dataDir() + ")");
        } else {
            console.println("  Kafka:  " + bootstrap + " (existing cluster)");
        }
        console.println("  Topics: " + topics.all().stream().map(Topic::name).toList()
                + " (" + settings.partitions() + " partitions; " + created.size() + " created now)");
        console.println("  Remediator: " + services.remediatorMode() + " mode");
        console.println("  Indexer: " + services.indexerUrls().map(urls -> "into Elasticsearch at " + urls)
                .orElse("off (set quell.indexer.elasticsearch.url to index into Elasticsearch)"));
        console.println("  HTTP:   " + services.url());
        services.routes().forEach(route -> console.println("          " + route));
        console.println("Press Ctrl-C to stop.");
        console.flush();
        LOG.info("Quell started, Kafka at {}", bootstrap);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        console.println("Quell is stopping...");
        if (readiness != null) {
            readiness.close();
        }
        if (services != null) {
            services.close();
        }
        if (broker != null) {
            broker.close();
        }
        console.println("Quell stopped.");
        console.flush();
    }
}
