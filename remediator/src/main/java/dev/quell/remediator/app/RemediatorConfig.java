package dev.quell.remediator.app;

import dev.quell.remediator.playbooks.Playbook;
import dev.quell.schemas.topics.Topics;
import dev.quell.service.config.ConfigException;
import dev.quell.service.config.ConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the remediator is configured with (targets apart, see {@link dev.quell.remediator.targets.Targets}),
 * read and checked once at start-up.
 *
 * @param mode           {@code quell.remediator.mode}: {@code dry-run} (default), {@code enforce} or {@code approval}
 * @param budgetPerHour  {@code quell.remediator.budget-per-hour}: actions per hour over all playbooks and targets
 * @param failuresToBlock {@code quell.remediator.failures-to-block}: failed verifications before a target is left alone
 * @param playbooksFile  {@code quell.remediator.playbooks-file}: empty for the shipped defaults
 * @param groupId        {@code quell.remediator.group-id}: the consumer group reading incidents
 * @param approvalTimeout {@code quell.remediator.approval-timeout}: how long an approval request waits for a human
 * @param maxConcurrent  {@code quell.remediator.max-concurrent}: actions running at once over every replica
 */
public record RemediatorConfig(
        String bootstrapServers,
        String topicPrefix,
        Playbook.Mode mode,
        int budgetPerHour,
        int failuresToBlock,
        Optional<Path> playbooksFile,
        String groupId,
        Duration approvalTimeout,
        int maxConcurrent) {

    public Topics topics() {
        return new Topics(topicPrefix, Topics.DEFAULT_PARTITIONS);
    }

    public static RemediatorConfig from(ConfigReader config) {
        String mode = config.string("quell.remediator.mode", "dry-run");
        String topicPrefix = config.string("quell.topics.prefix", "");
        return new RemediatorConfig(
                config.string("kafka.bootstrap.servers", "127.0.0.1:9092"),
                topicPrefix,
                Playbook.Mode.parse(mode).orElseThrow(() -> new ConfigException("quell.remediator.mode",
                        "must be dry-run, enforce or approval, got '" + mode + "'")),
                config.integer("quell.remediator.budget-per-hour", 20, 1, 100_000),
                config.integer("quell.remediator.failures-to-block", 2, 1, 100),
                config.optional("quell.remediator.playbooks-file").map(Path::of),
                config.string("quell.remediator.group-id", topicPrefix + "quell-remediator"), // a prefix sets Quells on one cluster apart
                config.duration("quell.remediator.approval-timeout", Duration.ofMinutes(30)),
                config.integer("quell.remediator.max-concurrent", 2, 1, 1_000));
    }
}
