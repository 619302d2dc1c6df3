package dev.quell.standalone;

import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quell tail TOPIC}: follow one of Quell's topics, one JSON value a line. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Follow a topic, one JSON value a line: incidents, remediations, alerts, logs or deadletter.")
final class TailCommand implements Callable<Integer> {

    private static final Map<String, java.util.function.Function<Topics, Topic<String, ?>>> TOPICS = Map.of(
            "incidents", Topics::incidents,
            "remediations", Topics::remediations,
            "alerts", Topics::alerts,
            "logs", Topics::logs,
            "deadletter", Topics::deadLetters);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", description = "incidents, remediations, alerts, logs or deadletter")
    String topic;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "The Kafka cluster (default: ${DEFAULT-VALUE}, the broker of ./quell up).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "", description = "As given to quell up.")
    String topicPrefix;

    @Option(names = "--from-beginning", description = "Start at the oldest retained record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Integer max;

    @Override
    public Integer call() {
        var registry = TOPICS.get(topic.toLowerCase(Locale.ROOT));
        if (registry == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "TOPIC must be one of "
                    + String.join(", ", TOPICS.keySet().stream().sorted().toList()) + ", got '" + topic + "'");
        }
        String name = registry.apply(new Topics(topicPrefix, Topics.DEFAULT_PARTITIONS)).name();
        PrintWriter out = spec.commandLine().getOut();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "quell-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        int printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (max == null || printed < max) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        out.println(new String(record.value(), StandardCharsets.UTF_8));
                        out.flush();
                        if (max != null && ++printed >= max) {
                            break;
                        }
                    }
                }
            }
        }
        return 0;
    }
}
