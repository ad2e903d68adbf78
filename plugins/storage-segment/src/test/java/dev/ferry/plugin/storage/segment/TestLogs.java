package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.bytesOf;

import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.time.Scheduler;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;

/** Engines over real directories, and the ways a broker's disk is left behind by a crash. */
final class TestLogs {

    private TestLogs() {
    }

    static SegmentStorageEngine started(Path logDir, Scheduler scheduler) throws IOException {
        SegmentStorageEngine engine = new SegmentStorageEngine();
        engine.start(new StorageContext(List.of(logDir), Settings.of(Map.of()), scheduler));
        return engine;
    }

    /**
     * Copies a log directory of a running engine as a crash would leave it: whatever is in the files now, indexes
     * still preallocated, no clean shutdown marker, checkpoints as last written.
     */
    static void crashCopy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                Files.createDirectories(to.resolve(from.relativize(directory)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                try {
                    Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException e) {
                    // a temporary file the engine renamed meanwhile: a crash would not have kept it either
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // renamed away before the walk read its attributes: as above
                }
                throw e;
            }
        });
        Files.deleteIfExists(to.resolve(LogDirectory.CLEAN_SHUTDOWN_MARKER));
    }

    /** The segment files of a partition directory with the given suffix, oldest first. */
    static List<Path> files(Path partitionDir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** The offsets of the producer snapshots in a partition directory, oldest first. */
    static List<Long> snapshotOffsets(Path partitionDir) throws IOException {
        return files(partitionDir, ProducerSnapshotFiles.SUFFIX).stream()
                .map(file -> LogSegment.baseOffsetOf(file.getFileName().toString(), ProducerSnapshotFiles.SUFFIX))
                .toList();
    }

    static List<Long> baseOffsets(PartitionLog log) {
        return log.segments().stream().map(SegmentInfo::baseOffset).toList();
    }

    static byte[] readAll(PartitionLog log) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            byte[] bytes = bytesOf(log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true));
            if (bytes.length == 0) {
                break;
            }
            out.writeBytes(bytes);
            var batches = Batches.batchesOf(bytes);
            offset = batches.get(batches.size() - 1).nextOffset();
        }
        return out.toByteArray();
    }
}
