package dev.ferry.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One of Apache Kafka's tools running in a process of its own, its standard output and error in one file. */
final class ToolProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;

    ToolProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the tool to end by itself; returns its exit code, or fails with its output (and kills it). */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not end in " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as a user's Ctrl-C or a service manager would, and waits for the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
