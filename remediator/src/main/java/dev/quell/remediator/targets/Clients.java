package dev.quell.remediator.targets;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Builds the API clients of Kubernetes and Docker targets from their configuration; none connects until used. */
final class Clients {

    private Clients() {
    }

    /** From a kubeconfig file (and context), or else the in-cluster service account. */
    static KubernetesClient kubernetes(Optional<Path> kubeconfig, Optional<String> context) {
        Config config = kubeconfig.map(file -> Config.fromKubeconfig(context.orElse(null), file.toFile()))
                .orElseGet(() -> Config.autoConfigure(context.orElse(null)));
        config.setRequestTimeout((int) Duration.ofSeconds(30).toMillis());
        config.setConnectionTimeout((int) Duration.ofSeconds(5).toMillis());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** {@code unix:///var/run/docker.sock}, or {@code tcp://host:2376} with TLS client certificates from {@code certPath}. */
    static DockerClient docker(String host, Optional<Path> certPath) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).withDockerTlsVerify(certPath.isPresent());
        certPath.ifPresent(path -> builder.withDockerCertPath(path.toString()));
        DefaultDockerClientConfig config = builder.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(60))
                .maxConnections(8)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
