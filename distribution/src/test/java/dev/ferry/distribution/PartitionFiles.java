package dev.ferry.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of a partition's log directory, as the broker wrote them, checked with Apache Kafka's own tool. */
final class PartitionFiles {

    /**
     * What DumpLogSegments prints when a log is not what Kafka expects. Not its "Non-consecutive offsets": that lists
     * the gaps compaction leaves, in Kafka's own compacted logs too.
     */
    private static final List<String> ERRORS = List.of("Mismatches in", "Found timestamp mismatch",
            "Found out of order timestamp", "not found in the log", "Error at", "is corrupt", "Exception");

    private PartitionFiles() {
    }

    /** The segment files ({@code .log}) of a partition directory, oldest first. */
    static List<Path> segments(Path partitionDirectory) throws IOException {
        try (Stream<Path> files = Files.list(partitionDirectory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    /** The size of a partition's segment files together. */
    static long segmentBytes(Path partitionDirectory) throws IOException {
        long bytes = 0;
        for (Path segment : segments(partitionDirectory)) {
            bytes += Files.size(segment);
        }
        return bytes;
    }

    /**
     * Runs {@code kafka.tools.DumpLogSegments --deep-iteration} over every segment of the partition and fails when
     * it reports an error.
     *
     * @return what it printed
     */
    static String verifyWithDumpLogSegments(Path partitionDirectory) throws IOException, InterruptedException {
        List<String> files = segments(partitionDirectory).stream().map(Path::toString).toList();
        String output = KafkaCli.run("kafka.tools.DumpLogSegments", "--deep-iteration", "--files",
                String.join(",", files));
        for (String error : ERRORS) {
            if (output.contains(error)) {
                throw new AssertionError("DumpLogSegments found «" + error + "» in " + partitionDirectory + ":\n"
                        + output);
            }
        }
        return output;
    }
}
