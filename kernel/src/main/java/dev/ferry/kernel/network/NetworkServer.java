package dev.ferry.kernel.network;

import dev.ferry.kernel.config.StartupProblem;
import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.protocol.Listener;
import dev.ferry.spi.protocol.ProtocolHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on the configured listeners and hands each to the protocol handler. NIO is used because a
 * file region on an NIO socket is written with {@code FileChannel.transferTo}, which is sendfile.
 */
public final class NetworkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkServer.class);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup serverChannels = new DefaultChannelGroup("listeners", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);

    private NetworkServer(int threads, ClassLoader handlerClassLoader) {
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("acceptor"),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(threads, pluginThreads(handlerClassLoader),
                NioIoHandler.newFactory());
    }

    /** Binds every listener; fails, releasing what was bound, if one cannot be bound. */
    public static NetworkServer start(List<Listener> listeners, LoadedExtension<ProtocolHandler> handler, int threads) {
        NetworkServer server = new NetworkServer(threads, handler.classLoader());
        try {
            for (Listener listener : listeners) {
                server.bind(listener, handler.instance());
            }
        } catch (RuntimeException e) {
            server.close(0);
            throw e;
        }
        return server;
    }

    private void bind(Listener listener, ProtocolHandler handler) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        handler.initChannel(channel, listener);
                    }
                });
        String host = listener.endpoint().host();
        InetSocketAddress address = host.isEmpty()
                ? new InetSocketAddress(listener.endpoint().port())
                : new InetSocketAddress(host, listener.endpoint().port());
        try {
            Channel channel = bootstrap.bind(address).syncUninterruptibly().channel();
            serverChannels.add(channel);
            LOG.info("Listening on {}://{} with protocol {}", listener.name(), listener.endpoint(), handler.name());
        } catch (Exception e) {
            throw new StartupProblem("Cannot listen on " + listener.name() + "://" + listener.endpoint()
                    + " (listeners): " + e.getMessage(), e);
        }
    }

    /** Stops accepting connections; open connections go on. */
    public void stopAccepting() {
        serverChannels.close().awaitUninterruptibly();
    }

    /** Closes every connection once the writes already queued on it are done, then stops the threads. */
    public void close(long timeoutMs) {
        stopAccepting();
        connections.close().awaitUninterruptibly(timeoutMs, TimeUnit.MILLISECONDS);
        acceptor.shutdownGracefully(0, timeoutMs, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(0, timeoutMs, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeoutMs);
    }

    @Override
    public void close() {
        close(0);
    }

    /** Event loop threads run the protocol plugin's code, so they carry its class loader as context. */
    private static ThreadFactory pluginThreads(ClassLoader classLoader) {
        DefaultThreadFactory factory = new DefaultThreadFactory("network");
        return runnable -> {
            Thread thread = factory.newThread(runnable);
            thread.setContextClassLoader(classLoader);
            return thread;
        };
    }
}
