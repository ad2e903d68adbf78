package dev.ferry.spi.retention;

/**
 * One cleaning of one log by a {@link CompactionPolicy}: two passes over its records, in offset order. Records of
 * aborted transactions and transaction markers are never shown. A method that throws gives the cleaning up: the log
 * stays as it was and is tried again a minute later.
 */
public interface Compaction {

    /**
     * First pass: sees each record of the dirty part of the log, from {@link CompactionContext#firstDirtyOffset()}
     * on, in offset order, to build what {@link #retain} needs (for {@code compact}, each key's latest offset).
     *
     * @return false when the compaction can hold no more (its state reached {@link CompactionContext#memoryBytes()}):
     *     the cleaning then covers the segments before the one holding this record, and this record's segment stays
     *     dirty for the next cleaning. Records observed from that segment may still inform {@link #retain}, so a
     *     policy must only drop a record because of a later one.
     */
    boolean observe(LogRecord record);

    /**
     * Second pass: decides whether a record of the segments being rewritten stays; the records are those from the
     * log start up to the end of the part observed, in offset order.
     */
    boolean retain(LogRecord record);
}
