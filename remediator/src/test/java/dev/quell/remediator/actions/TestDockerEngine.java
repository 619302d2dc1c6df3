package dev.quell.remediator.actions;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The real Docker engine the Docker action tests use: {@code scripts/prepare} installs Debian's
 * {@code docker.io} and starts {@code dockerd} (vfs, no bridge) when none answers. No registry can
 * be reached, so the test image is imported from a root filesystem of the host's static busybox.
 * Containers run with no network and carry {@link #TEST_LABEL}, so they can be removed afterwards.
 */
public final class TestDockerEngine {

    public static final String HOST = System.getenv().getOrDefault("QUELL_TEST_DOCKER_HOST", "unix:///var/run/docker.sock");
    static final String IMAGE = "quell-test/busybox:1";
    static final String TEST_LABEL = "dev.quell.test";
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestDockerEngine() {
    }

    public static DockerClient client() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
        DockerClient docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no Docker engine answers at " + HOST
                    + " (scripts/prepare starts one; QUELL_TEST_DOCKER_HOST names another)", e);
        }
        return docker;
    }

    /**
     * Loads the busybox image once per engine, as a {@code docker save} archive ({@code POST /images/load};
     * docker-java's import command sends no body).
     */
    public static void ensureImage(DockerClient docker) throws IOException {
        boolean present = docker.listImagesCmd().withImageNameFilter(IMAGE).exec().stream()
                .anyMatch(image -> image.getRepoTags() != null && List.of(image.getRepoTags()).contains(IMAGE));
        if (!present) {
            docker.loadImageCmd(new ByteArrayInputStream(savedImage(busyboxRootfs()))).exec();
        }
    }

    /**
     * A running container of Compose service {@code service} in {@code project}; it exits at once on
     * SIGTERM and, with a healthcheck, turns healthy {@code healthyAfterSeconds} after each start.
     */
    public static String composeContainer(DockerClient docker, String project, String service, Integer healthyAfterSeconds) {
        String script = "trap 'exit 0' TERM; rm -f /tmp/healthy; "
                + (healthyAfterSeconds == null ? "" : "sleep " + healthyAfterSeconds + "; touch /tmp/healthy; ")
                + "while :; do sleep 1; done";
        CreateContainerCmd create = docker.createContainerCmd(IMAGE)
                .withName(project + "-" + service + "-1")
                .withCmd("/bin/sh", "-c", script)
                .withLabels(Map.of("com.docker.compose.project", project, "com.docker.compose.service", service,
                        TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"));
        if (healthyAfterSeconds != null) {
            create.withHealthcheck(new HealthCheck().withTest(List.of("CMD", "/bin/test", "-f", "/tmp/healthy"))
                    .withInterval(Duration.ofMillis(500).toNanos()).withTimeout(Duration.ofSeconds(2).toNanos())
                    .withRetries(1));
        }
        String id = create.exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    public static String startedAt(DockerClient docker, String id) {
        return docker.inspectContainerCmd(id).exec().getState().getStartedAt();
    }

    /** Removes every container the tests made. */
    public static void removeTestContainers(DockerClient docker) {
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TEST_LABEL, "true")).exec()) {
            docker.removeContainerCmd(container.getId()).withForce(true).exec();
        }
    }

    /** The {@code docker save} layout: manifest.json, the image config naming the layer's digest, the layer. */
    private static byte[] savedImage(byte[] layer) throws IOException {
        String diffId = "sha256:" + HexFormat.of().formatHex(sha256(layer));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}";
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"" + IMAGE + "\"],\"Layers\":[\"layer.tar\"]}]";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            file(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            file(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
            file(tar, "layer.tar", layer);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tar of /bin/busybox and the applets the containers use, linked to it. */
    private static byte[] busyboxRootfs() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String dir : List.of("bin/", "tmp/")) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(dir.equals("tmp/") ? 01777 : 0755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry busybox = new TarArchiveEntry("bin/busybox");
            busybox.setMode(0755);
            busybox.setSize(Files.size(BUSYBOX));
            tar.putArchiveEntry(busybox);
            Files.copy(BUSYBOX, tar);
            tar.closeArchiveEntry();
            for (String applet : List.of("sh", "sleep", "test", "touch", "rm", "true")) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
