package dev.ferry.coordinator.runtime;

/**
 * Where a coordinator keeps its internal topic: it opens the topic as a log of its own records, written and read
 * with their codec. The broker gives its partitions; a test, memory.
 */
@FunctionalInterface
public interface CoordinatorLogs {

    <R> CoordinatorLog<R> open(RecordCodec<R> codec);
}
