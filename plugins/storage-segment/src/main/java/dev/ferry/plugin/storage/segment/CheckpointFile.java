package dev.ferry.plugin.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's checkpoint file format: a line "0" (the version), a line with the entry count, then one line per entry
 * of space-separated fields. Written to a {@code .tmp} file, fsynced, then renamed over the old one, so a crash
 * leaves either the old or the new checkpoint.
 */
final class CheckpointFile {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFile.class);
    private static final int VERSION = 0;
    /** The suffix of the file a write goes to before it takes the real file's name. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path file;

    CheckpointFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    synchronized void write(List<String> entries) throws IOException {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(entries.size()).append('\n');
        entries.forEach(entry -> text.append(entry).append('\n'));
        replaceDurably(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code bytes} (position to limit, left as they are) to {@code file}'s {@value #TEMPORARY_SUFFIX} sibling,
     * forces it to disk and renames it over {@code file}, then forces the directory: a stop at any moment leaves the
     * old file or the new one, never a half-written one (at worst a temporary file).
     */
    static void replaceDurably(Path file, ByteBuffer bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer remaining = bytes.duplicate();
            while (remaining.hasRemaining()) {
                channel.write(remaining);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.getParent());
    }

    /**
     * The entries, each split into {@code fields} fields; empty when the file is missing. A malformed file is
     * logged and read as empty, which makes the caller fall back to the safe choice (recover everything).
     */
    synchronized List<String[]> readOrEmpty(int fields) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable checkpoint {}: {}", file, e.toString());
            return List.of();
        }
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new IllegalArgumentException("no version " + VERSION + " header");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count != lines.size() - 2) {
                throw new IllegalArgumentException(count + " entries announced, " + (lines.size() - 2) + " found");
            }
            List<String[]> entries = new ArrayList<>(count);
            for (String line : lines.subList(2, lines.size())) {
                String[] split = line.trim().split(" ");
                if (split.length != fields) {
                    throw new IllegalArgumentException("a line of " + split.length + " fields: " + line);
                }
                entries.add(split);
            }
            return entries;
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring malformed checkpoint {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
