package dev.quell.standalone;

import static dev.quell.standalone.CommandRun.quell;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code quell demo} against a Quell that never becomes ready. */
class DemoCommandTest {

    @Test
    void shouldSendNothingToAQuellThatIsNotReadyAndSaySoOnceTheWaitIsOver() throws Exception {
        AtomicInteger readinessAsked = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        try (StandInQuell stand = StandInQuell.start()
                .handle("/health/readiness", exchange -> {
                    readinessAsked.incrementAndGet();
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                })
                .handle("/", exchange -> {
                    sent.incrementAndGet();
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                })) {
            CommandRun run = quell("demo", "--url", stand.url(), "--wait", "1s");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("waiting for Quell at " + stand.url() + " to be ready ...");
            assertThat(run.err()).contains("Quell at " + stand.url() + " was not ready within 1s; nothing sent (quell status --url "
                    + stand.url() + " says what it waits for)");
        }
        assertThat(readinessAsked.get()).as("asked again while waiting").isGreaterThan(1);
        assertThat(sent.get()).as("requests other than readiness").isZero();
    }

    @Test
    void shouldWaitForAQuellNotListeningYetAsForOneNotReady() {
        CommandRun run = quell("demo", "--url", "http://127.0.0.1:1", "--wait", "1s");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Quell at http://127.0.0.1:1 was not ready within 1s; nothing sent");
    }
}
