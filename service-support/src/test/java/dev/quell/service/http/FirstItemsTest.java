package dev.quell.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FirstItemsTest {

    @Test
    void shouldListEveryItemOfAShortList() {
        FirstItems<Integer> first = FirstItems.of(List.of(1, 2, 3));

        assertThat(first.listed()).containsExactly(1, 2, 3);
        assertThat(first.omitted()).isZero();
        assertThat(first.omittedOrNull()).as("absent from the answer").isNull();
    }

    @Test
    void shouldListTheFirstHundredOfALongListAndCountTheRest() {
        List<Integer> all = IntStream.range(0, 60_000).boxed().toList();

        FirstItems<Integer> first = FirstItems.of(all);

        assertThat(first.listed()).hasSize(FirstItems.LISTED).startsWith(0, 1).endsWith(99);
        assertThat(first.omittedOrNull()).isEqualTo(59_900);
    }

    @Test
    void shouldKeepOnlyTheFirstHundredItemsAdded() {
        FirstItems<Integer> first = new FirstItems<>();

        IntStream.range(0, 250).forEach(first::add);

        assertThat(first.listed()).hasSize(100).endsWith(99);
        assertThat(first.omitted()).isEqualTo(150);
    }
}
