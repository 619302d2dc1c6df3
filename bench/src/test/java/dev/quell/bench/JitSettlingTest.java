package dev.quell.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JitSettlingTest {

    /** What the fake service reports as its JIT's compilation time; each step of load adds to it. */
    private final AtomicLong compiledMillis = new AtomicLong(10_000);
    private volatile String metricName = "jvm_compilation_time_ms_total";
    private HttpServer server;
    private String url;

    @BeforeEach
    void startFakeService() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/prometheus", exchange -> {
            byte[] body = ("# HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation\n"
                    + "# TYPE jvm_compilation_time_ms_total counter\n"
                    + metricName + "{compiler=\"HotSpot 64-Bit Tiered Compilers\"} " + compiledMillis.get() + ".0\n"
                    + "jvm_threads_live_threads 42.0\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopFakeService() {
        server.stop(0);
    }

    @Test
    void shouldLoadUntilAStepCompilesLessThanTheThreshold() throws Exception {
        long[] compiledPerStep = {4_000, 1_200, 600, 100, 50};
        int[] steps = {0};

        JitSettling.Settled settled = JitSettling.settle("test", url, Duration.ofMinutes(1),
                step -> compiledMillis.addAndGet(compiledPerStep[steps[0]++]));

        assertThat(steps[0]).isEqualTo(4);
        assertThat(settled.lastStepMillis()).isEqualTo(100);
        assertThat(settled.quiet()).isTrue();
        assertThat(settled.describe("of load")).contains("until the JIT compilers were nearly idle", "100 ms");
    }

    @Test
    void shouldStopAtTheLimitAndSayTheJitWasStillBusy() throws Exception {
        int[] steps = {0};

        JitSettling.Settled settled = JitSettling.settle("test", url, Duration.ofMillis(1), step -> {
            steps[0]++;
            compiledMillis.addAndGet(3_000);
        });

        assertThat(steps[0]).isEqualTo(1);
        assertThat(settled.quiet()).isFalse();
        assertThat(settled.describe("of load")).contains("still busy at the limit", "3,000 ms");
    }

    @Test
    void shouldNotLoadAtAllWithoutTime() throws Exception {
        JitSettling.Settled settled = JitSettling.settle("test", url, Duration.ZERO, step -> {
            throw new AssertionError("no step expected");
        });

        assertThat(settled).isEqualTo(JitSettling.Settled.NONE);
        assertThat(settled.describe("of load")).contains("no settling run");
    }

    @Test
    void shouldNameTheMissingMetric() {
        metricName = "jvm_something_else_total";

        assertThatThrownBy(() -> JitSettling.settle("test", url, Duration.ofMinutes(1), step -> { }))
                .hasMessageContaining("no jvm_compilation_time_ms_total");
    }
}
