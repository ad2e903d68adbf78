package dev.ferry.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A group member in a process of its own, so that a test can kill it with SIGKILL: it never leaves its group.
 * It prints {@code owned N} each time the number of partitions it owns changes.
 */
final class GroupMemberProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private GroupMemberProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static GroupMemberProcess start(BrokerProcess broker, String group, String topic, Map<String, String> settings)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), GroupMemberProcess.class.getName(),
                broker.bootstrapServers(), group, topic));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Path output = Files.createTempFile("group-member", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new GroupMemberProcess(process, output);
    }

    /** Waits until the member last said it owns {@code partitions} partitions. */
    void awaitOwning(int partitions) throws Exception {
        Await.until(() -> "The member process does not own " + partitions + " partitions:\n" + output(), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("The member process exited:\n" + output());
            }
            return lastOwned() == partitions;
        });
    }

    private String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private int lastOwned() throws IOException {
        List<String> lines = Files.readAllLines(output).stream().filter(line -> line.startsWith("owned ")).toList();
        return lines.isEmpty() ? -1 : Integer.parseInt(lines.get(lines.size() - 1).substring("owned ".length()));
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Arguments: bootstrap servers, group, topic, then consumer settings as key=value. */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            settings.put(setting[0], setting[1]);
        }
        try (GroupMember member = GroupMember.start(args[0], args[1], args[2], settings, GroupMember.sharedLog())) {
            Set<TopicPartition> last = null;
            while (true) {
                Set<TopicPartition> owned = member.owned();
                if (!owned.equals(last)) {
                    System.out.println("owned " + owned.size());
                    last = owned;
                }
                Thread.sleep(50);
            }
        }
    }
}
