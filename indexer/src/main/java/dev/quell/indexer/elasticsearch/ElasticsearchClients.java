package dev.quell.indexer.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.quell.indexer.app.IndexerConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;

/** The low-level REST client (with Quell's timeouts and credentials) and the typed clients over it. */
public final class ElasticsearchClients implements AutoCloseable {

    private final RestClient rest;
    private final RestClientTransport transport;

    public ElasticsearchClients(IndexerConfig config) {
        HttpHost[] hosts = config.elasticsearchUrls().stream().map(ElasticsearchClients::host).toArray(HttpHost[]::new);
        Header[] auth = config.apiKey().map(key -> new Header[] {new BasicHeader("Authorization", "ApiKey " + key.reveal())})
                .or(() -> config.username().map(user -> new Header[] {new BasicHeader("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + config.password().orElseThrow().reveal())
                        .getBytes(StandardCharsets.UTF_8)))}))
                .orElse(new Header[0]);
        rest = RestClient.builder(hosts).setDefaultHeaders(auth)
                .setRequestConfigCallback(request -> request.setConnectTimeout(5_000).setSocketTimeout(60_000))
                .build();
        transport = new RestClientTransport(rest, new JacksonJsonpMapper());
    }

    public ElasticsearchClient client() {
        return new ElasticsearchClient(transport);
    }

    public ElasticsearchAsyncClient asyncClient() {
        return new ElasticsearchAsyncClient(transport);
    }

    @Override
    public void close() throws Exception {
        transport.close();
    }

    private static HttpHost host(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 9200;
        return new HttpHost(url.getHost(), port, url.getScheme());
    }
}
