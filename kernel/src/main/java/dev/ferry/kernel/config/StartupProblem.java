package dev.ferry.kernel.config;

/**
 * Why the broker cannot start, in words an operator can act on: the key to fix and the file that set it, or the
 * plugin to add. Logged as one line, without a stack trace.
 */
public final class StartupProblem extends IllegalArgumentException {

    public StartupProblem(String message) {
        super(message);
    }

    public StartupProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
