package dev.quell.standalone.deploy;

import static dev.quell.standalone.deploy.DeployFiles.K8S_BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** compose/k8s: the kustomize base read as typed Kubernetes objects and held to the services' configuration. */
class KubernetesManifestsTest {

    private static final List<HasMetadata> BASE = base();

    private static List<HasMetadata> base() {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode resource : DeployFiles.yaml(K8S_BASE.resolve("kustomization.yaml")).path("resources")) {
            for (JsonNode document : DeployFiles.yamlDocuments(K8S_BASE.resolve(resource.asText()))) {
                objects.add(Serialization.unmarshal(document.toString()));
            }
        }
        return objects;
    }

    private static <T extends HasMetadata> List<T> all(Class<T> kind) {
        return BASE.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Every workload's pod template, by workload name. */
    private static Map<String, PodTemplateSpec> workloads() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    @Test
    void shouldDeployEachServiceAsTheIssueAsksStreamsWithStateRemediatorTwiceIngestScaled() {
        assertThat(workloads()).containsOnlyKeys("quell-ingest", "quell-remediator", "quell-indexer", "quell-streams");
        StatefulSet streams = all(StatefulSet.class).get(0);
        assertThat(streams.getSpec().getVolumeClaimTemplates()).extracting(claim -> claim.getMetadata().getName())
                .containsExactly("state");
        Container streamsContainer = streams.getSpec().getTemplate().getSpec().getContainers().get(0);
        String stateDir = env(streamsContainer).get("QUELL_STREAMS_STATE_DIR");
        assertThat(streamsContainer.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("state");
            assertThat(mount.getMountPath()).isEqualTo(stateDir);
        });
        assertThat(env(streamsContainer).get("QUELL_STREAMS_ADVERTISED_URL"))
                .contains("." + streams.getSpec().getServiceName() + ".");

        Deployment remediator = deployment("quell-remediator");
        assertThat(remediator.getSpec().getReplicas()).isEqualTo(2);
        assertThat(remediator.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isIn(all(ServiceAccount.class).stream().map(sa -> sa.getMetadata().getName()).toList());

        HorizontalPodAutoscaler hpa = all(HorizontalPodAutoscaler.class).get(0);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("quell-ingest");
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldRunEveryContainerNonRootReadOnlyBoundedAndProbedOnTheServicesPort() throws IOException {
        int port = ComposeStackTest.quellHttpPort();
        workloads().forEach((name, template) -> {
            PodSpec pod = template.getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
                assertThat(container.getPorts()).as(name).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/health");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).as(name).isEqualTo("/health/readiness");
                assertThat(container.getVolumeMounts()).as(name).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
                ComposeStackTest.assertPinned(name, container.getImage());
                assertThat(container.getImage()).as(name).isEqualTo(name + ":" + DeployFiles.RELEASE);
            }
        });
    }

    @Test
    void shouldGiveEveryWorkloadADisruptionBudgetAndDenyTrafficByDefault() {
        workloads().forEach((name, template) -> assertThat(all(PodDisruptionBudget.class))
                .as("a PodDisruptionBudget selecting %s", name)
                .anySatisfy(pdb -> assertThat(template.getMetadata().getLabels())
                        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels())));
        assertThat(all(NetworkPolicy.class)).anySatisfy(policy -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
        });
    }

    @Test
    void shouldSetOnlyConfigurationTheServicesReadAndReferenceTheSecretsTheyNeed() throws IOException {
        Set<String> keys = ConfigKeys.read();
        List<String> variables = new ArrayList<>();
        BASE.stream().filter(o -> o.getKind().equals("ConfigMap") && o.getMetadata().getName().equals("quell-env"))
                .forEach(o -> variables.addAll(((io.fabric8.kubernetes.api.model.ConfigMap) o).getData().keySet()));
        workloads().values().forEach(t -> t.getSpec().getContainers().forEach(c -> variables.addAll(env(c).keySet())));
        assertThat(variables).contains("KAFKA_BOOTSTRAP_SERVERS", "QUELL_AUTH_TOKEN_FILE", "QUELL_INDEXER_ELASTICSEARCH_PASSWORD");
        for (String variable : variables) {
            ComposeStackTest.assertKnown(variable, keys);
        }
        workloads().forEach((name, template) -> assertThat(template.getSpec().getVolumes())
                .as(name).filteredOn(volume -> volume.getSecret() != null)
                .anySatisfy(volume -> assertThat(volume.getSecret().getSecretName()).isEqualTo("quell-secrets")));
    }

    @Test
    void shouldCarryQuellsOwnAlertRulesAsAPrometheusRuleEqualToTheComposeRuleFile() {
        JsonNode rule = DeployFiles.yamlDocuments(K8S_BASE.resolve("quell-prometheus-rule.yaml")).get(0);
        JsonNode compose = DeployFiles.yaml(DeployFiles.COMPOSE.resolve("prometheus/rules/quell-rules.yml"));
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec").path("groups")).isEqualTo(compose.path("groups"));
    }

    @Test
    void shouldOverlayOnlyImagesAndObjectsTheBaseHas() throws IOException {
        JsonNode overlay = DeployFiles.yaml(DeployFiles.COMPOSE.resolve("k8s/overlays/example/kustomization.yaml"));
        List<String> baseImages = new ArrayList<>();
        workloads().values().forEach(t -> t.getSpec().getContainers().forEach(c -> baseImages.add(c.getImage().split(":")[0])));
        BASE.stream().filter(o -> o.getKind().equals("Job")).forEach(o -> ((io.fabric8.kubernetes.api.model.batch.v1.Job) o)
                .getSpec().getTemplate().getSpec().getContainers().forEach(c -> baseImages.add(c.getImage().split(":")[0])));
        overlay.path("images").forEach(image -> {
            assertThat(baseImages).contains(image.path("name").asText());
            ComposeStackTest.assertPinned("overlay", image.path("newName").asText() + ":" + image.path("newTag").asText());
        });
        overlay.path("patches").forEach(patch -> assertThat(BASE).as("patch target %s", patch.path("target"))
                .anySatisfy(object -> {
                    assertThat(object.getKind()).isEqualTo(patch.path("target").path("kind").asText());
                    assertThat(object.getMetadata().getName()).isEqualTo(patch.path("target").path("name").asText());
                }));
        assertThat(Files.readString(DeployFiles.COMPOSE.resolve("k8s/overlays/example/kustomization.yaml"))).contains("../../base");
    }

    private static Deployment deployment(String name) {
        return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }
}
