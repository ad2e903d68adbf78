package dev.ferry.kernel.retention;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Each key's latest offset, in a bounded amount of memory, as Kafka's cleaner keeps it: a key is stored as its MD5
 * digest (16 bytes) beside its offset (8 bytes), in an open-addressing table that grows up to the memory it was
 * given and holds at most 90% of its slots ({@code log.cleaner.io.buffer.load.factor}). Two keys with the same
 * digest are taken for one, which MD5 makes vanishingly unlikely. Not thread-safe: one cleaning uses it.
 */
final class KeyOffsetMap {

    static final int BYTES_PER_ENTRY = 24;
    private static final double LOAD_FACTOR = 0.9;
    private static final int INITIAL_SLOTS = 1 << 10;

    private final int maxSlots;
    private final MessageDigest md5;
    private long[] digestHigh;
    private long[] digestLow;
    private long[] offsets;
    private int size;

    /** @param memoryBytes the most memory the table may take */
    KeyOffsetMap(long memoryBytes) {
        long slots = Math.max(1, memoryBytes / BYTES_PER_ENTRY);
        this.maxSlots = (int) Math.min(Integer.highestOneBit(Integer.MAX_VALUE), Long.highestOneBit(slots));
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has MD5", e);
        }
        allocate(Math.min(INITIAL_SLOTS, maxSlots));
    }

    private void allocate(int slots) {
        digestHigh = new long[slots];
        digestLow = new long[slots];
        offsets = new long[slots];
        java.util.Arrays.fill(offsets, -1);
    }

    int size() {
        return size;
    }

    /**
     * Records {@code offset} as the key's latest.
     *
     * @return false, changing nothing, when the key is new and the table is full
     */
    boolean put(ByteBuffer key, long offset) {
        long[] digest = digest(key);
        int slot = find(digest[0], digest[1]);
        if (offsets[slot] < 0) {
            if (size + 1 > offsets.length * LOAD_FACTOR) {
                if (offsets.length >= maxSlots) {
                    return false;
                }
                grow();
                slot = find(digest[0], digest[1]);
            }
            digestHigh[slot] = digest[0];
            digestLow[slot] = digest[1];
            size++;
        }
        offsets[slot] = offset;
        return true;
    }

    /** The key's latest offset, or -1 when it was never put. */
    long get(ByteBuffer key) {
        long[] digest = digest(key);
        return offsets[find(digest[0], digest[1])];
    }

    /** The slot holding the digest, or the empty slot where it would go. */
    private int find(long high, long low) {
        int mask = offsets.length - 1;
        int slot = (int) (low ^ (low >>> 32)) & mask;
        while (offsets[slot] >= 0 && (digestHigh[slot] != high || digestLow[slot] != low)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHigh = digestHigh;
        long[] oldLow = digestLow;
        long[] oldOffsets = offsets;
        allocate(offsets.length * 2);
        for (int i = 0; i < oldOffsets.length; i++) {
            if (oldOffsets[i] >= 0) {
                int slot = find(oldHigh[i], oldLow[i]);
                digestHigh[slot] = oldHigh[i];
                digestLow[slot] = oldLow[i];
                offsets[slot] = oldOffsets[i];
            }
        }
    }

    private long[] digest(ByteBuffer key) {
        md5.update(key.duplicate());
        ByteBuffer digest = ByteBuffer.wrap(md5.digest());
        return new long[] {digest.getLong(), digest.getLong()};
    }
}
