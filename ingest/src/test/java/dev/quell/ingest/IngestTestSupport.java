package dev.quell.ingest;

import dev.quell.kafka.SharedTestBroker;
import dev.quell.kafka.TopicContents;
import dev.quell.schemas.topics.Topic;
import dev.quell.schemas.topics.TopicProvisioner;
import dev.quell.schemas.topics.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the ingest integration tests: the real shared broker, topics of their own (a prefix
 * per test class), the service on a random port, and a plain JDK HTTP client so tests control
 * every byte and header they send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IngestTestSupport implements TestPropertyProvider {

    protected final Topics topics = new Topics(getClass().getSimpleName().toLowerCase(Locale.ROOT) + ".", 3);
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    protected EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        String bootstrap = bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin, (short) 1).ensure(topics, 30_000);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the test topics", e);
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", bootstrap);
        properties.put("quell.topics.prefix", getClass().getSimpleName().toLowerCase(Locale.ROOT) + ".");
        properties.put("micronaut.server.port", "-1");
        properties.putAll(extraProperties());
        return properties;
    }

    protected String bootstrapServers() {
        return SharedTestBroker.bootstrapServers();
    }

    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /** {@code plain} gzipped, as a shipper sends it with {@code Content-Encoding: gzip}. */
    protected static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    /** A port free on 127.0.0.1 right now. */
    protected static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Follows a topic from its current end: {@link TopicTail#drain()} returns what arrived since the last call. */
    protected <V> TopicTail<V> tail(Topic<String, V> topic) {
        return new TopicTail<>(topic, bootstrapServers());
    }

    /** Everything on the topic right now, from the beginning to the end offsets: nothing missed, nothing extra. */
    protected <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic) {
        return TopicContents.readAll(bootstrapServers(), topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }
}
