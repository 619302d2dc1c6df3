package dev.quell.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quell.schemas.correlation.CorrelationKeys;
import dev.quell.schemas.ecs.LogEvents;
import dev.quell.schemas.events.LogEvent;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A shipped document goes on the topic as the bytes it came in, and reads back as the same tree. */
class VerbatimObjectNodeTest {

    private static final Topic<String, LogEvent> LOGS = Topics.defaults().logs();
    private static final String SHIPPED = "{ \"message\" : \"下单失败 \\u00e9\\/\", \"amount\":1.000000000000000000001,"
            + "\"big\":123456789012345678901234567890, \"nested\":{\"a\":[1, 2.50, null, true]}, \"e\":1E3 }";

    @Test
    void shouldWriteTheDocumentAsTheBytesItWasReadFrom() throws Exception {
        byte[] shipped = SHIPPED.getBytes(StandardCharsets.UTF_8);
        ObjectNode document = VerbatimObjectNode.of(read(shipped), shipped);

        String onTheTopic = new String(LOGS.valueSerde().serializer().serialize(LOGS.name(), event(document)),
                StandardCharsets.UTF_8);

        assertThat(document).isInstanceOf(VerbatimObjectNode.class);
        assertThat(onTheTopic).contains("\"original\":" + SHIPPED + "}");
        assertThat(Json.mapper().writeValueAsString(document)).isEqualTo(SHIPPED);
        assertThat(document.toString()).isEqualTo(SHIPPED);
    }

    @Test
    void shouldReadBackAsTheTreeItWasReadAs() throws Exception {
        Random random = new Random(20261206);
        for (int i = 0; i < 2_000; i++) {
            byte[] shipped = randomDocument(random).getBytes(StandardCharsets.UTF_8);
            ObjectNode parsed = read(shipped);
            ObjectNode document = VerbatimObjectNode.of(parsed, shipped);

            byte[] record = LOGS.valueSerde().serializer().serialize(LOGS.name(), event(document));

            JsonNode original = Json.mapper().readTree(record).get("original");
            assertThat(original).as(new String(shipped, StandardCharsets.UTF_8)).isEqualTo(parsed);
            assertThat(LOGS.validator().problems(Json.mapper().readTree(record))).isEmpty();
            assertThat(LOGS.valueSerde().deserializer().deserialize(LOGS.name(), record).original()).isEqualTo(parsed);
        }
    }

    @Test
    void shouldLeaveOutTheWhitespaceAroundTheDocument() throws Exception {
        byte[] shipped = " \t{\"a\":1}\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(Json.mapper().writeValueAsString(VerbatimObjectNode.of(read(shipped), shipped)))
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void shouldKeepTheTreeWhenTheBytesAreNotPlainUtf8() throws Exception {
        for (byte[] shipped : new byte[][] {"{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_16LE),
                "{\"a\":\"e\"}".getBytes(StandardCharsets.UTF_16LE), "{\"a\":\"e\"}".getBytes(Charset.forName("UTF-32LE")),
                "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_16BE), "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_16),
                ("\uFEFF{\"a\": \"é\"}").getBytes(StandardCharsets.UTF_8)}) {
            ObjectNode parsed = read(shipped);

            ObjectNode document = VerbatimObjectNode.of(parsed, shipped);

            assertThat(document).isSameAs(parsed);
            assertThat(Json.mapper().writeValueAsString(document)).isIn("{\"a\":\"é\"}", "{\"a\":\"e\"}");
        }
    }

    @Test
    void shouldKeepTheTreeForBytesJacksonTakesThatAreNotUtf8() throws Exception {
        byte[][] notUtf8 = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        for (byte[] text : notUtf8) {
            byte[] shipped = new byte[text.length + 8];
            System.arraycopy("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), 0, shipped, 0, 6);
            System.arraycopy(text, 0, shipped, 6, text.length);
            shipped[text.length + 6] = '"';
            shipped[text.length + 7] = '}';
            ObjectNode parsed = read(shipped);

            assertThat(VerbatimObjectNode.of(parsed, shipped)).isSameAs(parsed);
        }
    }

    @Test
    void shouldTellWellFormedUtf8AsJavasStrictDecoderDoes() {
        Random random = new Random(20261206);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            boolean strict;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
                strict = true;
            } catch (CharacterCodingException e) {
                strict = false;
            }
            assertThat(VerbatimObjectNode.isWellFormedUtf8(bytes, 0, bytes.length)).as(HexFormat.of().formatHex(bytes))
                    .isEqualTo(strict);
        }
    }

    @Test
    void shouldWriteTheTreeForAPrettyPrinterOrEscapedOutput() throws Exception {
        byte[] shipped = "{\"a\" :  \"é\"}".getBytes(StandardCharsets.UTF_8);
        ObjectNode parsed = read(shipped);
        ObjectNode document = VerbatimObjectNode.of(parsed, shipped);

        assertThat(document.toPrettyString()).isEqualTo(parsed.toPrettyString());
        assertThat(Json.mapper().writer().with(JsonGenerator.Feature.ESCAPE_NON_ASCII).writeValueAsString(document))
                .isEqualTo("{\"a\":\"\\u00E9\"}");
    }

    @Test
    void shouldRefuseChangesButGiveAChangeableCopy() throws Exception {
        byte[] shipped = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        ObjectNode document = VerbatimObjectNode.of(read(shipped), shipped);

        assertThatThrownBy(() -> document.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> document.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        ObjectNode copy = document.deepCopy();
        copy.put("b", 2);
        assertThat(copy).isNotInstanceOf(VerbatimObjectNode.class);
        assertThat(Json.mapper().writeValueAsString(copy)).isEqualTo("{\"a\":1,\"b\":2}");
    }

    private static LogEvent event(ObjectNode document) throws PayloadException {
        return LogEvents.fromEcs(document, CorrelationKeys.defaults(), Instant.parse("2026-12-06T08:00:00Z"), "");
    }

    private static ObjectNode read(byte[] json) throws MalformedPayloadException {
        return (ObjectNode) BoundedJsonReader.read(json);
    }

    /** An object of random fields: every JSON value type, nesting, escapes, non-ASCII text, odd spacing. */
    private static String randomDocument(Random random) {
        StringBuilder json = new StringBuilder();
        appendObject(json, random, 0);
        return json.toString();
    }

    private static void appendObject(StringBuilder json, Random random, int depth) {
        json.append('{').append(space(random));
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',').append(space(random));
            }
            appendString(json, random);
            json.append(space(random)).append(':').append(space(random));
            appendValue(json, random, depth + 1);
        }
        json.append(space(random)).append('}');
    }

    private static void appendValue(StringBuilder json, Random random, int depth) {
        switch (random.nextInt(depth < 4 ? 8 : 6)) {
            case 0 -> appendString(json, random);
            case 1 -> json.append(random.nextInt() - 7);
            case 2 -> json.append(random.nextDouble() * 1e6).append(random.nextBoolean() ? "e-3" : "");
            case 3 -> json.append(random.nextBoolean());
            case 4 -> json.append("null");
            case 5 -> json.append("123456789012345678901234567890.12345678901234567890");
            case 6 -> appendObject(json, random, depth);
            default -> {
                json.append('[');
                for (int i = random.nextInt(4); i > 0; i--) {
                    appendValue(json, random, depth + 1);
                    json.append(i > 1 ? "," + space(random) : "");
                }
                json.append(']');
            }
        }
    }

    private static void appendString(StringBuilder json, Random random) {
        String[] pieces = {"a", "kubernetes", "log.level", "下单", "é", "\\n", "\\\"", "\\\\", "\\u0000", "\\ud83d\\ude00",
                "😀", " ", "\\/", "message"};
        json.append('"');
        for (int i = random.nextInt(4); i > 0; i--) {
            json.append(pieces[random.nextInt(pieces.length)]);
        }
        json.append('"');
    }

    private static String space(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            default -> "";
        };
    }
}
