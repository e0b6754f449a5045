package io.junction.history;

import java.util.Map;

/**
 * One event as history keeps it, wherever it is read from (a Kafka topic or the archive): the payload, the key,
 * the headers as text, the event's own time and where it was read (topic/partition@offset, or archive file:line).
 */
public record HistoryEvent(String position, byte[] key, byte[] value, Map<String, String> headers, long timestamp) {
}
