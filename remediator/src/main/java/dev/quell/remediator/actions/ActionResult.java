package dev.quell.remediator.actions;

import java.util.Map;

/**
 * What one run of an action did.
 *
 * @param acted   whether it changed anything (false: it found nothing to do)
 * @param outcome in words, for the event and the on-call engineer
 * @param before  the measure its verification compares against (idle sessions, used memory)
 * @param facts   what its verification needs to recognise the effect (the deleted pod's uid, the
 *                container's previous start time)
 */
public record ActionResult(boolean acted, String outcome, long before, Map<String, String> facts) {

    public ActionResult {
        facts = Map.copyOf(facts);
    }

    public ActionResult(boolean acted, String outcome, long before) {
        this(acted, outcome, before, Map.of());
    }

    public String fact(String name) {
        String value = facts.get(name);
        if (value == null) {
            throw new IllegalStateException("the action's result lacks " + name);
        }
        return value;
    }
}
