package dev.ferry.kernel;


import com.typesafe.config.ConfigException;
import dev.ferry.kernel.config.StartupProblem;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code bin/broker [path/to/broker.conf]}: starts the broker and runs until SIGTERM or SIGINT, then shuts down
 * gracefully and exits 0. Exits 1 when it cannot start, after logging why.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final Path DEFAULT_CONFIG = Path.of("conf", "broker.conf");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 1) {
            System.err.println("usage: broker [path/to/broker.conf]");
            System.exit(2);
        }
        Path configFile = args.length == 1 ? Path.of(args[0]) : DEFAULT_CONFIG;
        Broker broker;
        try {
            broker = Broker.start(configFile.toAbsolutePath(), System.getProperties(), System.getenv());
        } catch (StartupProblem e) {
            LOG.error("Cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (ConfigException e) {
            // a plugin reading its own keys: the message names the key and the file
            LOG.error("Cannot start: invalid configuration: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            LOG.error("Cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            LOG.info("Shutting down");
            broker.close();
            LOG.info("Shut down cleanly");
            stopped.countDown();
        };
        // a signal handler rather than a shutdown hook: the JVM would exit 143 after a hook, operators expect 0
        Signal.handle(new Signal("TERM"), signal -> new Thread(shutdown, "shutdown").start());
        Signal.handle(new Signal("INT"), signal -> new Thread(shutdown, "shutdown").start());
        stopped.await();
        System.exit(0);
    }
}
