package dev.quell.ingest.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogBatchTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldNumberNdjsonLinesFromOneSkippingBlankOnes() {
        List<LogBatch.Item> items = LogBatch.ndjson(bytes("{\"a\":1}\n\n{\"b\":\r\n{\"c\":3}")).toList();

        assertThat(items).extracting(LogBatch.Item::line).containsExactly(1, 3, 4);
        assertThat(items.get(1).problem()).startsWith("line 3: ");
        assertThat(new String(items.get(1).raw(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":");
        assertThat(items.get(2).document().get("c").asInt()).isEqualTo(3);
    }

    @Test
    void shouldReadOneObjectOrAnArray() throws Exception {
        assertThat(LogBatch.json(bytes("{\n  \"message\": \"pretty\"\n}")).toList()).hasSize(1);
        List<LogBatch.Item> array = LogBatch.json(bytes("[{\"a\":1},\"x\"]")).toList();
        assertThat(array).extracting(LogBatch.Item::index).containsExactly(0, 1);
        assertThat(array.get(1).problem()).startsWith("/1: a log document must be a JSON object");
    }

    @Test
    void shouldFallBackToLinesForNdjsonSentAsJson() throws Exception {
        assertThat(LogBatch.json(bytes("{\"a\":1}\n{\"b\":2}\n")).toList()).hasSize(2);
    }

    @Test
    void shouldRefuseABodyThatIsNoneOfThose() {
        assertThatThrownBy(() -> LogBatch.json(bytes("\"text\""))).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> LogBatch.json(bytes("{\"a\":"))).hasMessageContaining("malformed JSON");
    }

    @Test
    void shouldKeepEachDocumentAsTheBytesItWasShipped() throws Exception {
        String line = "{\"message\" : \"下单失败\", \"amount\":1.000000000000000000001}";
        String pretty = "{\n  \"message\": \"pretty\"\n}";

        LogBatch.Item fromLine = LogBatch.ndjson(bytes(line + "\r\n")).toList().get(0);
        LogBatch.Item fromBody = LogBatch.json(bytes(pretty + "\n")).toList().get(0);
        LogBatch.Item fromArray = LogBatch.json(bytes("[ {\"a\" : 1} ]")).toList().get(0);

        assertThat(Json.mapper().writeValueAsString(fromLine.document())).isEqualTo(line);
        assertThat(Json.mapper().writeValueAsString(fromBody.document())).isEqualTo(pretty);
        assertThat(Json.mapper().writeValueAsString(fromArray.document())).isEqualTo("{\"a\":1}");
    }
}
