package dev.quell.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessWatchTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void shouldSayReadyOnceEveryCheckIsUpAndNotBefore() {
        AtomicInteger asked = new AtomicInteger();
        try (ReadinessWatch ignored = ReadinessWatch.start(
                () -> asked.incrementAndGet() < 5 ? List.of("kafka-streams DOWN {state=REBALANCING}") : List.of(),
                out, Duration.ofMinutes(1))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> text().contains(ReadinessWatch.READY));
            int askedWhenReady = asked.get();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> asked.get() == askedWhenReady);
        }
        assertThat(asked.get()).as("asked until ready, then no more").isEqualTo(5);
        assertThat(text().lines().filter(ReadinessWatch.READY::equals)).hasSize(1);
        assertThat(text()).as("nothing said of what was waited for before the notice time").doesNotContain("Not ready");
    }

    @Test
    void shouldNameWhatIsNotReadyAfterTheNoticeTimeAndAgainAfterItEachTime() {
        try (ReadinessWatch ignored = ReadinessWatch.start(
                () -> List.of("indexer DOWN {elasticsearch=unreachable}", "remediator DOWN {consumers=stopped}"),
                out, Duration.ofMillis(300))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> text().lines().filter(line -> line.startsWith("Not ready")).count() >= 2);
        }
        assertThat(text()).contains("Not ready yet after 0 s, waiting for: indexer DOWN {elasticsearch=unreachable}; "
                + "remediator DOWN {consumers=stopped}").doesNotContain(ReadinessWatch.READY);
    }

    @Test
    void shouldGoOnWatchingWhenACheckFails() {
        AtomicInteger asked = new AtomicInteger();
        try (ReadinessWatch ignored = ReadinessWatch.start(() -> {
            if (asked.incrementAndGet() < 3) {
                throw new IllegalStateException("the context is not started yet");
            }
            return List.of();
        }, out, Duration.ofMinutes(1))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> text().contains(ReadinessWatch.READY));
        }
    }

    @Test
    void shouldStopWatchingWhenClosedBeforeReady() {
        AtomicInteger asked = new AtomicInteger();
        ReadinessWatch watch = ReadinessWatch.start(() -> {
            asked.incrementAndGet();
            return List.of("kafka DOWN");
        }, out, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() > 0);
        watch.close();
        int askedWhenClosed = asked.get();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> asked.get() == askedWhenClosed);
        assertThat(text()).doesNotContain(ReadinessWatch.READY);
    }

    private String text() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
