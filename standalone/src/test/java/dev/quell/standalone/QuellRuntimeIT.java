package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.kafka.SharedTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuellRuntimeIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldUseAnExistingClusterAndCreateThePrefixedTopicsThereWithoutAnEmbeddedBroker() throws Exception {
        String bootstrap = SharedTestBroker.bootstrapServers();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StandaloneSettings settings = new StandaloneSettings(bootstrap, dataDir, 0, 2, "existing.", null, 0, null);

        try (QuellRuntime runtime = new QuellRuntime(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runtime.start();
        }

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains("existing.quell.alerts.v1", "existing.quell.deadletter.v1");
            assertThat(admin.describeTopics(Set.of("existing.quell.incidents.v1")).allTopicNames().get()
                    .get("existing.quell.incidents.v1").partitions()).hasSize(2);
        }
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("Kafka:  " + bootstrap + " (existing cluster)", "7 created now", "Quell stopped.");
        assertThat(dataDir.resolve("kafka")).as("no embedded broker data").doesNotExist();
    }
}
