package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.storage.RewriteResult;
import dev.ferry.spi.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * The files of one rewrite of a log's closed segments, in the order Kafka's cleaner writes and renames them, which
 * is the order {@link SwapRecovery} relies on after a stop: every group's new segment is written as {@code .cleaned}
 * files; once all are on disk they are renamed {@code .swap}, highest base offset first; then {@link #swap} renames
 * the old segments {@code .deleted} and the new ones to their final names. The directory is fsynced after each of
 * these steps, so that no rename of a later step reaches the disk before one of an earlier step.
 */
final class SegmentRewrite {

    /** The segments of a group and the one that replaces them. */
    private record Group(List<LogSegment> sources, LogSegment cleaned) {
    }

    private final Path directory;
    private final List<Group> groups = new ArrayList<>();
    private final List<Group> dropped = new ArrayList<>();

    private SegmentRewrite(Path directory) {
        this.directory = directory;
    }

    /**
     * Writes every group's new segment and renames its files {@code .swap}.
     *
     * @param groups consecutive groups of closed segments, oldest first
     * @param endOffset the offset the last group's records end before
     * @param clock the broker's, which dates the new segments
     * @throws IOException when reading, writing or the filter failed: the files written so far are deleted
     */
    static SegmentRewrite write(Path directory, LogConfig config, List<List<LogSegment>> groups, long endOffset,
                                BatchFilter filter, Clock clock) throws IOException {
        SegmentRewrite rewrite = new SegmentRewrite(directory);
        try {
            CleanedSegmentWriter writer = new CleanedSegmentWriter(directory, config, filter, clock);
            for (int i = 0; i < groups.size(); i++) {
                long groupEnd = i + 1 < groups.size() ? groups.get(i + 1).get(0).baseOffset() : endOffset;
                rewrite.groups.add(new Group(groups.get(i), writer.write(groups.get(i), groupEnd)));
            }
            for (int i = rewrite.groups.size() - 1; i >= 0; i--) {
                rewrite.groups.get(i).cleaned().changeFileSuffixes(LogSegment.CLEANED_SUFFIX, LogSegment.SWAP_SUFFIX);
            }
            CheckpointFile.fsyncDirectory(directory);
            return rewrite;
        } catch (IOException | RuntimeException e) {
            rewrite.discard(rewrite.groups, e);
            throw e;
        }
    }

    /** Deletes the new segments: the rewrite is given up before {@link #swap}. */
    void discard() throws IOException {
        IOException failure = new IOException("Discarding the new segments of " + directory + " failed");
        discard(groups, failure);
        groups.clear();
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /**
     * Drops the groups a deletion took a segment of meanwhile: a deletion wins, and what is left of them stays as it
     * is.
     *
     * @param segments the log's segments now
     */
    void dropGroupsNotIn(NavigableMap<Long, LogSegment> segments) throws IOException {
        List<Group> gone = groups.stream()
                .filter(group -> group.sources().stream()
                        .anyMatch(source -> segments.get(source.baseOffset()) != source))
                .toList();
        groups.removeAll(gone);
        dropped.addAll(gone);
        IOException failure = new IOException("Dropping the new segments of " + directory + " failed");
        discard(gone, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /**
     * Puts the new segments' files in the place of the old ones: the old segments become {@code .deleted} (their
     * open slices stay readable), then the {@code .swap} files take their final names. When this fails, the files
     * are left as they are for the loader to finish the swap at the next open.
     */
    void swap() throws IOException {
        // highest first: a stop in between leaves the lowest, which lie below the new segments' ends and which the
        // loader therefore deletes as replaced
        List<LogSegment> replaced = replaced();
        for (int i = replaced.size() - 1; i >= 0; i--) {
            replaced.get(i).changeFileSuffixes("", LogSegment.DELETED_SUFFIX);
        }
        CheckpointFile.fsyncDirectory(directory);
        for (Group group : groups) {
            group.cleaned().changeFileSuffixes(LogSegment.SWAP_SUFFIX, "");
        }
        CheckpointFile.fsyncDirectory(directory);
    }

    /**
     * Releases the new segments' files after a failed {@link #swap}, leaving them on disk: whatever state they are in,
     * the loader finishes the swap from it.
     */
    void abandon(Exception failure) {
        for (Group group : groups) {
            try {
                group.cleaned().closeHandles();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The old segments of the groups still to be swapped, oldest first. */
    List<LogSegment> replaced() {
        return groups.stream().flatMap(group -> group.sources().stream()).toList();
    }

    /** The new segments, oldest first. */
    List<LogSegment> replacements() {
        return groups.stream().map(Group::cleaned).toList();
    }

    /** What was read (dropped groups included) and what replaced it. */
    RewriteResult result() {
        List<LogSegment> read = new ArrayList<>(replaced());
        dropped.forEach(group -> read.addAll(group.sources()));
        long bytesRead = read.stream().mapToLong(LogSegment::sizeInBytes).sum();
        long bytesWritten = replacements().stream().mapToLong(LogSegment::sizeInBytes).sum();
        return new RewriteResult(read.size(), groups.size(), bytesRead, bytesWritten);
    }

    private static void discard(List<Group> groups, Exception failure) {
        for (Group group : groups) {
            try {
                group.cleaned().closeAndDelete();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
