package dev.quell.remediator.app;

import dev.quell.remediator.playbooks.Playbook;
import java.util.List;

/** The playbooks in force (a bean of its own, so that no container mistakes it for "every Playbook bean"). */
public record Playbooks(List<Playbook> all) {
}
