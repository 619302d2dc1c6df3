package dev.quell.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quell.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkRequestTest {

    private static List<BulkRequest.Item> parse(String body, String defaultIndex) throws Exception {
        return BulkRequest.parse(body.getBytes(StandardCharsets.UTF_8), defaultIndex).toList();
    }

    @Test
    void shouldPairEachActionWithItsDocument() throws Exception {
        List<BulkRequest.Item> items = parse("""
                {"index":{"_index":"a","_id":"1"}}
                {"message":"one"}
                {"create":{}}
                {"message":"two"}
                """, "fallback");

        assertThat(items).extracting(BulkRequest.Item::action).containsExactly("index", "create");
        assertThat(items).extracting(BulkRequest.Item::index).containsExactly("a", "fallback");
        assertThat(items.get(0).id()).isEqualTo("1");
        assertThat(items.get(1).document().get("message").asText()).isEqualTo("two");
        assertThat(items.get(1).line()).isEqualTo(3);
    }

    @Test
    void shouldKeepEachDocumentAsTheBytesItWasShipped() throws Exception {
        String source = "{ \"message\" : \"下单失败\", \"amount\":1.000000000000000000001 }";

        BulkRequest.Item item = parse("{\"create\":{}}\r\n" + source + "\r\n", null).get(0);

        assertThat(Json.mapper().writeValueAsString(item.document())).isEqualTo(source);
    }

    @Test
    void shouldAcceptCrlfAndAMissingFinalNewline() throws Exception {
        assertThat(parse("{\"index\":{}}\r\n{\"message\":\"x\"}", null)).hasSize(1);
    }

    @Test
    void shouldMakeDeleteAndUpdateItemErrorsAndKeepGoing() throws Exception {
        List<BulkRequest.Item> items = parse("""
                {"delete":{"_id":"1"}}
                {"update":{"_id":"2"}}
                {"doc":{"a":1}}
                {"index":{}}
                {"message":"kept"}
                """, null);

        assertThat(items).extracting(BulkRequest.Item::error)
                .satisfies(errors -> assertThat(errors.get(0)).contains("[delete] is not supported"))
                .satisfies(errors -> assertThat(errors.get(1)).contains("[update] is not supported"))
                .satisfies(errors -> assertThat(errors.get(2)).isNull());
    }

    @Test
    void shouldMakeABadDocumentAnItemError() throws Exception {
        List<BulkRequest.Item> items = parse("{\"index\":{}}\n[1,2]\n{\"index\":{}}\n{\"a\":\n", null);

        assertThat(items.get(0).error()).contains("line [2]", "must be a JSON object");
        assertThat(items.get(1).error()).contains("line [4]", "malformed JSON");
    }

    @Test
    void shouldRefuseABrokenStructureWhole() {
        assertThatThrownBy(() -> parse("{\"upsert\":{}}\n{}\n", null))
                .hasMessageContaining("but found [upsert]");
        assertThatThrownBy(() -> parse("{\"index\":{},\"create\":{}}\n{}\n", null))
                .hasMessageContaining("exactly one action");
        assertThatThrownBy(() -> parse("{\"index\":\"logs\"}\n{}\n", null))
                .hasMessageContaining("must be an object");
        assertThatThrownBy(() -> parse("\n\n", null)).hasMessageContaining("request body is required");
    }
}
