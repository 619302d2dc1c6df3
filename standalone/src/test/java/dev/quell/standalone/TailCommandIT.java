package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.events.DeadLetter;
import dev.quell.schemas.json.Json;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TailCommandIT {

    @Test
    void shouldPrintOneJsonValueALineFromTheBeginning() throws Exception {
        Topics topics = new Topics("tail-it.", 2);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestBroker.bootstrapServers());
        try (KafkaProducer<String, DeadLetter> producer = new KafkaProducer<>(props,
                topics.deadLetters().keySerde().serializer(), topics.deadLetters().valueSerde().serializer())) {
            for (String reason : new String[] {"first", "second"}) {
                producer.send(new ProducerRecord<>(topics.deadLetters().name(), "ingest.logs", DeadLetter.of("ingest.logs",
                        reason, "x".getBytes(StandardCharsets.UTF_8), Instant.now()))).get();
            }
        }
        StringWriter out = new StringWriter();
        CommandLine commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int exit = commandLine.execute("tail", "deadletter", "--bootstrap-servers", SharedTestBroker.bootstrapServers(),
                "--topic-prefix", "tail-it.", "--from-beginning", "--max", "2");

        assertThat(exit).isZero();
        String[] lines = out.toString().trim().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines).extracting(line -> Json.mapper().readTree(line).get("reason").asText())
                .containsExactlyInAnyOrder("first", "second");
    }
}
