package ge.wardops.events;

import java.util.List;

/** A batch of events is committed: the CDI event the live feed and the event rules observe. */
public record EventsStored(List<StoredEvent> events) {
}
