package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void shouldSayNothingFailedAsZero() {
        assertThat(new Failures()).hasToString("0");
    }

    @Test
    void shouldCountFailuresByStatusAndByError() {
        Failures failures = new Failures();
        failures.status(503);
        failures.status(429);
        failures.status(503);
        failures.error(new SocketTimeoutException("Read timed out"));
        failures.error(new ConnectException("refused"));

        assertThat(failures.total()).isEqualTo(5);
        assertThat(failures).hasToString("5 (429: 1, 503: 2, ConnectException: 1, client timeout: 1)");
    }
}
