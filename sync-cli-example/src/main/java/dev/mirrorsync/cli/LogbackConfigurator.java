package dev.mirrorsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging, set up in code rather than from a {@code logback.xml}: logback finds it with
 * {@code ServiceLoader} before it would look for a file, so a run does not start an XML parser and logback's
 * configuration model first (measured: see BENCHMARKS.md, "Start-up"). Log lines go to stderr, so that stdout carries
 * only results and JSON stays parseable; {@code WARN} by default (JGit too), and {@link LogLevels} sets the levels of
 * one run. Public only because {@code ServiceLoader} needs it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {
    /** logback's own system property naming a configuration file. */
    static final String CONFIGURATION_FILE = "logback.configurationFile";

    /** Called by {@code ServiceLoader}. */
    public LogbackConfigurator() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE) != null) {
            // a file named with -Dlogback.configurationFile (MIRROR_SYNC_JAVA_OPTS) wins, as it did with logback.xml
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.eclipse.jgit").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
