package dev.quell.standalone;

import dev.quell.kafka.EmbeddedKafkaBroker;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code quell up} runs, started in order and stopped in reverse: the embedded broker
 * (unless an existing cluster was given), the topics of the registry, then the services.
 */
final class QuellRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuellRuntime.class);

    private final StandaloneSettings settings;
    private final PrintStream console;
    private final Topics topics;
    private EmbeddedKafkaBroker broker;
    private Services services;
    private boolean closed;

    QuellRuntime(StandaloneSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
        this.topics = new Topics(settings.topicPrefix(), settings.partitions());
    }

    synchronized void start() throws Exception {
        String bootstrap = settings.bootstrapServers();
        if (settings.embeddedBroker()) {
            broker = EmbeddedKafkaBroker.builder()
                    .dataDir(settings.dataDir().resolve("kafka"))
                    .port(settings.kafkaPort())
                    .build()
                    .start();
            bootstrap = broker.bootstrapServers();
        }
        List<String> created = TopicSetup.ensure(bootstrap, topics, settings.replicationFactor());
        services = Services.start(settings, bootstrap);
        printReady(bootstrap, created);
    }

    private void printReady(String bootstrap, List<String> created) {
        console.println("Quell is ready.");
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
        LOG.info("Quell ready, Kafka at {}", bootstrap);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        console.println("Quell is stopping...");
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
