package dev.headshots.ingest.chaos;

import java.time.Duration;

/**
 * One event of a chaos run and what it cost: how long the instance or service was away ({@code outage}: from the kill or the
 * stop until it was back and ready), how long the pipeline then took to recover (every instance ready, the consumer group
 * stable again, and fresh jobs finished), and how many extra origin fetches it may cause ({@code allowance}, with its basis:
 * the copies in flight when it hit, or the storage failures that were retried).
 */
record Disruption(String name, Duration outage, Duration recovery, long allowance, String basis) {
}
