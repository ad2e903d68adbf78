package dev.ferry.distribution;

import java.io.FileInputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A main class that runs another with its standard input read from a file, so that {@link KafkaCli} can run the tools
 * users feed through a pipe ({@code kafka-console-producer}): {@code WithStandardInput <file> <main class> <args...>}.
 */
final class WithStandardInput {

    private WithStandardInput() {
    }

    public static void main(String[] args) throws Exception {
        System.setIn(new FileInputStream(args[0]));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
