package dev.ferry.kernel.config;

import dev.ferry.spi.protocol.Endpoint;
import dev.ferry.spi.protocol.Listener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Kafka's listener lists: {@code NAME://host:port,NAME2://[::1]:9093}; an empty host means all. */
public final class ListenerParser {

    private static final Pattern LISTENER = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)://(\\[[^\\]]*\\]|[^:\\[\\]]*):([0-9]+)");

    private ListenerParser() {
    }

    public static List<Listener> parse(ConfigReader reader, String key) {
        String value = reader.string(key).trim();
        List<Listener> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (value.isEmpty()) {
            return listeners;
        }
        for (String item : value.split(",")) {
            Matcher matcher = LISTENER.matcher(item.trim());
            if (!matcher.matches()) {
                throw reader.problem(key, "'" + item.trim() + "' is not of the form NAME://host:port");
            }
            String name = matcher.group(1).toUpperCase(java.util.Locale.ROOT);
            String host = matcher.group(2).replace("[", "").replace("]", "");
            int port = Integer.parseInt(matcher.group(3));
            if (port < 1 || port > 65535) {
                throw reader.problem(key, "port " + port + " of listener " + name + " is not between 1 and 65535");
            }
            if (!names.add(name)) {
                throw reader.problem(key, "listener name " + name + " appears twice");
            }
            listeners.add(new Listener(name, new Endpoint(host, port)));
        }
        return listeners;
    }
}
