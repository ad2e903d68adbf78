package dev.ferry.plugin.storage.segment;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The segments of one log by base offset. Every change publishes a new immutable map in one volatile write, so a
 * reader that takes {@link #view()} once walks one state of the log: it sees all the segments a rewrite merged into
 * one, or that one, and never steps from an old segment into the gap a replacement left behind it.
 *
 * <p>Changes come one at a time (under the log's structure lock). Each copies the map, which holds one entry per
 * segment and changes only on a roll, a deletion or a rewrite.
 */
final class Segments {

    private volatile NavigableMap<Long, LogSegment> view;

    /** @param loaded at least one segment, oldest first */
    Segments(List<LogSegment> loaded) {
        TreeMap<Long, LogSegment> map = new TreeMap<>();
        loaded.forEach(segment -> map.put(segment.baseOffset(), segment));
        view = Collections.unmodifiableNavigableMap(map);
    }

    /** The segments now, oldest first; later changes do not show in it. */
    NavigableMap<Long, LogSegment> view() {
        return view;
    }

    void add(LogSegment segment) {
        replace(List.of(), List.of(segment));
    }

    void remove(Collection<LogSegment> segments) {
        replace(segments, List.of());
    }

    /** Takes out {@code old} and puts in {@code replacements}, which may take the base offsets of old ones. */
    void replace(Collection<LogSegment> old, Collection<LogSegment> replacements) {
        TreeMap<Long, LogSegment> next = new TreeMap<>(view);
        old.forEach(segment -> next.remove(segment.baseOffset(), segment));
        replacements.forEach(segment -> next.put(segment.baseOffset(), segment));
        view = Collections.unmodifiableNavigableMap(next);
    }
}
