package dev.quell.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PayloadExceptionTest {

    @Test
    void shouldNameEveryProblemOfAFew() {
        PayloadException e = new PayloadException(List.of(new PayloadProblem("/a", "is required"),
                new PayloadProblem("/b", "integer found, string expected")));

        assertThat(e.getMessage()).isEqualTo("/a: is required; /b: integer found, string expected");
        assertThat(e.pointer()).isEqualTo("/a");
    }

    @Test
    void shouldNameTheFirstTenProblemsAndCountTheRestButKeepThemAll() {
        List<PayloadProblem> problems = IntStream.range(0, 60_000)
                .mapToObj(i -> new PayloadProblem("/labels/l" + i, "integer found, string expected")).toList();

        PayloadException e = new PayloadException(problems);

        assertThat(e.getMessage()).startsWith("/labels/l0: integer found, string expected; /labels/l1: ")
                .contains("/labels/l9: ").doesNotContain("/labels/l10: ").endsWith("; and 59990 more");
        assertThat(e.problems()).hasSize(60_000);
    }
}
