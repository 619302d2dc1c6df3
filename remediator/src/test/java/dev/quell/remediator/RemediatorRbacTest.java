package dev.quell.remediator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The remediator's RBAC manifest grants exactly what its Kubernetes actions need, namespace by namespace. */
class RemediatorRbacTest {

    private static final Path MANIFEST = Path.of("../compose/k8s/base/remediator-rbac.yaml");
    private static final Set<String> GRANTS = Set.of(
            "/pods:delete", "/pods:get", "/pods:list", "/pods:watch",
            "apps/deployments:get", "apps/deployments:list", "apps/deployments:patch",
            "apps/statefulsets:get", "apps/statefulsets:list", "apps/statefulsets:patch",
            "apps/replicasets:get");

    @Test
    void shouldGrantOnlyTheListedVerbsInNamespacedRoles() throws Exception {
        List<Map<String, Object>> documents = documents();

        assertThat(documents).extracting(doc -> doc.get("kind"))
                .containsOnly("ServiceAccount", "Role", "RoleBinding")
                .doesNotContain("ClusterRole", "ClusterRoleBinding");
        List<Map<String, Object>> roles = documents.stream().filter(doc -> doc.get("kind").equals("Role")).toList();
        assertThat(roles).isNotEmpty();
        for (Map<String, Object> role : roles) {
            assertThat(grants(role)).as("grants of the Role in %s", namespace(role)).isEqualTo(GRANTS);
        }
    }

    @Test
    void shouldBindEachRoleToTheRemediatorServiceAccountInItsOwnNamespace() throws Exception {
        List<Map<String, Object>> documents = documents();
        Set<String> roleNamespaces = namespaces(documents, "Role");

        assertThat(namespaces(documents, "RoleBinding")).isEqualTo(roleNamespaces);
        for (Map<String, Object> binding : documents.stream().filter(doc -> doc.get("kind").equals("RoleBinding")).toList()) {
            assertThat(map(binding.get("roleRef"))).containsEntry("kind", "Role").containsEntry("name", "quell-remediator");
            assertThat(list(binding.get("subjects"))).singleElement().satisfies(subject -> assertThat(map(subject))
                    .containsEntry("kind", "ServiceAccount").containsEntry("name", "quell-remediator")
                    .containsEntry("namespace", "quell"));
        }
    }

    private static Set<String> grants(Map<String, Object> role) {
        Set<String> grants = new TreeSet<>();
        for (Object rule : list(role.get("rules"))) {
            Map<String, Object> r = map(rule);
            for (Object group : list(r.get("apiGroups"))) {
                for (Object resource : list(r.get("resources"))) {
                    for (Object verb : list(r.get("verbs"))) {
                        grants.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return grants;
    }

    private static Set<String> namespaces(List<Map<String, Object>> documents, String kind) {
        Set<String> namespaces = new TreeSet<>();
        documents.stream().filter(doc -> doc.get("kind").equals(kind)).forEach(doc -> namespaces.add(namespace(doc)));
        return namespaces;
    }

    private static String namespace(Map<String, Object> document) {
        return (String) map(document.get("metadata")).get("namespace");
    }

    private static List<Map<String, Object>> documents() throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(MANIFEST)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return (List<?>) value;
    }
}
