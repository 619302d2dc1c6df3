package dev.quell.standalone;

import dev.quell.schemas.events.Incident;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a replay found, against what happened: incidents whose severity would change, incidents
 * only one side has, and playbook decisions ({@code planned}) only one side made.
 */
record ReplayReport(List<SeverityChange> severityChanges, List<Incident> onlyReplayed, List<Incident> onlyHappened,
                    Set<Decision> wouldRunNow, Set<Decision> wouldNotRunNow, int incidents) {

    /** One incident's severity then and under the new rules, with the rules that gave it now. */
    record SeverityChange(String incidentId, String correlationKey, String before, String after, List<String> rulesNow) {
    }

    /** A playbook that planned an action for an incident. */
    record Decision(String incidentId, String playbook) implements Comparable<Decision> {
        @Override
        public int compareTo(Decision other) {
            int byIncident = incidentId.compareTo(other.incidentId);
            return byIncident != 0 ? byIncident : playbook.compareTo(other.playbook);
        }
    }

    static ReplayReport compare(Map<String, Incident> happened, Map<String, Incident> replayed, Set<Decision> ran,
                                Set<Decision> wouldRun) {
        List<SeverityChange> changes = new ArrayList<>();
        List<Incident> onlyReplayed = new ArrayList<>();
        replayed.forEach((id, now) -> {
            Incident then = happened.get(id);
            if (then == null) {
                onlyReplayed.add(now);
            } else if (then.severity() != now.severity()) {
                changes.add(new SeverityChange(id, now.correlationKey(), String.valueOf(then.severity()),
                        String.valueOf(now.severity()), now.severityReasons().stream().map(Incident.SeverityReason::rule).toList()));
            }
        });
        List<Incident> onlyHappened = happened.values().stream().filter(then -> !replayed.containsKey(then.id())).toList();
        Set<Decision> newlyPlanned = new TreeSet<>(wouldRun);
        newlyPlanned.removeAll(ran);
        Set<Decision> noLongerPlanned = new TreeSet<>(ran);
        noLongerPlanned.removeAll(wouldRun);
        noLongerPlanned.removeIf(decision -> !replayed.containsKey(decision.incidentId()) && !happened.containsKey(decision.incidentId()));
        return new ReplayReport(changes, onlyReplayed, onlyHappened, newlyPlanned, noLongerPlanned, replayed.size());
    }

    boolean noDifference() {
        return severityChanges.isEmpty() && onlyReplayed.isEmpty() && onlyHappened.isEmpty() && wouldRunNow.isEmpty()
                && wouldNotRunNow.isEmpty();
    }

    void print(PrintWriter out) {
        out.println(incidents + " incidents replayed.");
        if (noDifference()) {
            out.println("No difference: the same incidents, severities and planned actions.");
            return;
        }
        section(out, "Severity would change", severityChanges.size());
        severityChanges.forEach(change -> out.printf("  %-44s %-32s %s -> %s  (%s)%n", change.incidentId(),
                change.correlationKey(), change.before(), change.after(), String.join(", ", change.rulesNow())));
        section(out, "Incidents only the replay opens", onlyReplayed.size());
        onlyReplayed.forEach(incident -> out.printf("  %-44s %-32s %s%n", incident.id(), incident.correlationKey(),
                incident.severity()));
        section(out, "Incidents the replay does not open", onlyHappened.size());
        onlyHappened.forEach(incident -> out.printf("  %-44s %-32s %s%n", incident.id(), incident.correlationKey(),
                incident.severity()));
        section(out, "Actions that would now be planned", wouldRunNow.size());
        wouldRunNow.forEach(decision -> out.printf("  %-44s %s%n", decision.incidentId(), decision.playbook()));
        section(out, "Actions that were planned and would not be now", wouldNotRunNow.size());
        wouldNotRunNow.forEach(decision -> out.printf("  %-44s %s%n", decision.incidentId(), decision.playbook()));
        out.flush();
    }

    private static void section(PrintWriter out, String title, int count) {
        if (count > 0) {
            out.println(title + " (" + count + "):");
        }
    }
}
