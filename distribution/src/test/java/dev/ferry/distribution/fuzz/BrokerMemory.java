package dev.ferry.distribution.fuzz;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The broker process's memory, read over JMX after a full GC: heap in use, and the JDK's direct buffer pool. The
 * broker runs with {@code -Dio.netty.maxDirectMemory=0}, which makes Netty allocate its direct memory as JDK
 * direct buffers, so that this pool counts it.
 */
final class BrokerMemory implements AutoCloseable {

    /** JVM options that open the JMX port this class reads, without authentication, on loopback only. */
    static String jmxOptions(int port) {
        return "-Dcom.sun.management.jmxremote.port=" + port + " -Dcom.sun.management.jmxremote.rmi.port=" + port
                + " -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1"
                + " -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false";
    }

    record Usage(long heapBytes, long directBytes) {

        @Override
        public String toString() {
            return String.format("heap %.1f MB, direct %.1f MB", heapBytes / 1048576.0, directBytes / 1048576.0);
        }
    }

    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final BufferPoolMXBean direct;

    private BrokerMemory(JMXConnector connector) throws IOException {
        this.connector = connector;
        MBeanServerConnection server = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        this.direct = ManagementFactory.getPlatformMXBeans(server, BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .findFirst().orElseThrow();
    }

    static BrokerMemory connect(int port) throws IOException {
        return new BrokerMemory(JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi")));
    }

    /** Usage after full GCs, which also let the cleaners free unreachable direct buffers. */
    Usage afterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            memory.gc();
            Thread.sleep(300);
        }
        return new Usage(memory.getHeapMemoryUsage().getUsed(), direct.getMemoryUsed());
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException brokerAlreadyStopped) {
            // the connection dies with the broker: nothing left to release
        }
    }
}
