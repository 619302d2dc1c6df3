package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TopicsCommandIT {

    @Test
    void shouldCreateEveryRegistryTopicWithItsSettingsOnceAndSayWhatExistedTheSecondTime() throws Exception {
        String prefix = "topics-it-" + System.nanoTime() + ".";
        Topics topics = new Topics(prefix, 3);

        StringWriter first = new StringWriter();
        int exit = run(first, "--topic-prefix", prefix, "--partitions", "3", "--replication-factor", "1");
        StringWriter second = new StringWriter();
        int again = run(second, "--topic-prefix", prefix, "--partitions", "3");

        assertThat(exit).isZero();
        assertThat(again).isZero();
        for (Topic<String, ?> topic : topics.all()) {
            assertThat(first.toString()).contains("created  " + topic.name());
            assertThat(second.toString()).contains("exists   " + topic.name());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedTestBroker.bootstrapServers()))) {
            assertThat(admin.describeTopics(Set.of(topics.incidents().name())).allTopicNames().get()
                    .get(topics.incidents().name()).partitions()).hasSize(3);
            ConfigResource alerts = new ConfigResource(ConfigResource.Type.TOPIC, topics.alerts().name());
            Config config = admin.describeConfigs(Set.of(alerts)).all().get().get(alerts);
            assertThat(config.get("retention.ms").value()).isEqualTo(topics.alerts().settings().configs().get("retention.ms"));
        }
    }

    @Test
    void shouldRefuseAPartitionCountBelowOne() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = QuellCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("topics", "--bootstrap-servers", SharedTestBroker.bootstrapServers(), "--partitions", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--partitions must be at least 1, got 0");
    }

    private static int run(StringWriter out, String... options) {
        CommandLine commandLine = QuellCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        String[] args = new String[options.length + 3];
        args[0] = "topics";
        args[1] = "--bootstrap-servers";
        args[2] = SharedTestBroker.bootstrapServers();
        System.arraycopy(options, 0, args, 3, options.length);
        return commandLine.execute(args);
    }
}
