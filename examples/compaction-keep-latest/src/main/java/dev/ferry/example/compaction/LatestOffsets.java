package dev.ferry.example.compaction;

/**
 * The offsets of a key's latest N observed records, oldest overwritten first, and whether the newest is a tombstone.
 * The records come in offset order, so each offset added is the newest.
 */
final class LatestOffsets {

    /** A ring: once full, the slot to write next holds the oldest of the latest N. */
    private final long[] offsets;
    private int count;
    private int next;
    private boolean newestIsTombstone;

    LatestOffsets(int valuesToKeep) {
        this.offsets = new long[valuesToKeep];
    }

    void add(long offset, boolean tombstone) {
        offsets[next] = offset;
        next = (next + 1) % offsets.length;
        count = Math.min(count + 1, offsets.length);
        newestIsTombstone = tombstone;
    }

    long newest() {
        return offsets[(next + offsets.length - 1) % offsets.length];
    }

    boolean newestIsTombstone() {
        return newestIsTombstone;
    }

    /** Whether fewer than N of the offsets added lie above this one: a record there is among its key's latest N. */
    boolean amongLatest(long offset) {
        return count < offsets.length || offset >= offsets[next];
    }
}
