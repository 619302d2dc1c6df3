package dev.quell.standalone.reliability;

import dev.quell.schemas.topics.GroupProgress;
import dev.quell.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;

/**
 * What has not caught up yet — consumer groups with records left, actions started and not ended —
 * so a wait for the pipeline to settle says, when it times out, what it was still waiting for.
 */
final class Backlog {

    private Backlog() {
    }

    /** Empty once every group has committed to the end of its topics and every started action ended. */
    static List<String> of(Admin admin, String bootstrap, Topics topics, Map<String, List<String>> topicsByGroup)
            throws Exception {
        List<String> behind = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : new java.util.TreeMap<>(topicsByGroup).entrySet()) {
            long lag = GroupProgress.lag(admin, group.getKey(), group.getValue());
            if (lag > 0) {
                behind.add(group.getKey() + " " + lag + " records behind on " + group.getValue());
            }
        }
        RemediationRecord record = new RemediationRecord(bootstrap, topics);
        Set<String> open = new TreeSet<>(record.startedDecisions());
        open.removeAll(record.ended);
        if (!open.isEmpty()) {
            behind.add("started, not ended: " + open);
        }
        return behind;
    }
}
