package dev.quell.remediator.actions;

/**
 * What one run of an action did.
 *
 * @param acted   whether it changed anything (false: it found nothing to do)
 * @param outcome in words, for the event and the on-call engineer
 * @param before  the measure its verification compares against (idle sessions, used memory)
 */
public record ActionResult(boolean acted, String outcome, long before) {
}
