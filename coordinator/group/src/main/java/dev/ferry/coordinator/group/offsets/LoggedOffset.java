package dev.ferry.coordinator.group.offsets;

import dev.ferry.services.group.CommittedOffset;

/**
 * A committed offset with the log offset of the record that holds it. When a transaction commits, its offsets
 * replace the group's only if their records come later in the log (Kafka's rule), so that a plain commit made after
 * a transactional one wins whatever order the commit marker comes in.
 */
record LoggedOffset(CommittedOffset offset, long recordOffset) {

    boolean isAfter(LoggedOffset other) {
        return other == null || recordOffset > other.recordOffset;
    }
}
