package dev.quell.standalone.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.yaml describes exactly the registry's topics, each with the JSON Schema its value is validated against. */
class AsyncApiTest {

    private static final Path DOCUMENT = DeployFiles.ROOT.resolve("docs/asyncapi.yaml");

    @Test
    void shouldDescribeEveryRegistryTopicWithItsOwnSchemaAndAStringKey() {
        JsonNode api = DeployFiles.yaml(DOCUMENT);
        assertThat(api.path("asyncapi").asText()).startsWith("3.");

        List<String> addresses = new ArrayList<>();
        api.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(
                Topics.defaults().all().stream().map(Topic::name).toList());

        for (Topic<String, ?> topic : Topics.defaults().all()) {
            JsonNode channel = channel(api, topic.name());
            String message = channel.path("messages").elements().next().path("$ref").asText()
                    .replace("#/components/messages/", "");
            assertThat(message).as(topic.name()).isEqualTo(topic.valueType().getSimpleName());
            JsonNode definition = api.path("components").path("messages").path(message);
            String schema = definition.path("payload").path("schema").path("$ref").asText();
            assertThat(schema).as(topic.name()).endsWith("/" + topic.schemaFile());
            assertThat(DOCUMENT.getParent().resolve(schema).normalize()).as(schema).isRegularFile();
            assertThat(definition.path("bindings").path("kafka").path("key").path("type").asText()).isEqualTo("string");
        }
        api.path("operations").forEach(operation -> {
            String channel = operation.path("channel").path("$ref").asText().replace("#/channels/", "");
            assertThat(api.path("channels").has(channel)).as(channel).isTrue();
        });
    }

    private static JsonNode channel(JsonNode api, String address) {
        for (JsonNode channel : api.path("channels")) {
            if (channel.path("address").asText().equals(address)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + address);
    }
}
