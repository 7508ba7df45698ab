package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's logging is configured in code, found by logback through ServiceLoader, with no file to parse. */
class LogbackConfiguratorTest {
    @Test
    void logbackFindsTheConfiguratorAndSendsLogLinesToStderrAtWarn() throws Exception {
        assertThat(ServiceLoader.load(Configurator.class).stream()
                        .map(p -> p.type().getName()))
                .contains(LogbackConfigurator.class.getName());
        assertThat(getClass().getResource("/logback.xml"))
                .as("no configuration file for logback to parse")
                .isNull();

        // a context of its own, initialised as logback initialises the one a run uses
        LoggerContext context = new LoggerContext();
        new ContextInitializer(context).autoConfig();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.eclipse.jgit").getLevel()).isEqualTo(Level.WARN);
        Appender<?> appender = root.getAppender("STDERR");
        assertThat(appender).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) appender).getTarget()).isEqualTo("System.err");
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("logback reported no problem")
                .allSatisfy(s -> assertThat(s.getLevel()).isLessThan(Status.WARN));
        context.stop();
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineStillWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.xml");
        Files.writeString(
                file,
                "<configuration><appender name=\"MINE\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                        + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
                        + "<root level=\"INFO\"><appender-ref ref=\"MINE\"/></root></configuration>");
        String before = System.getProperty(LogbackConfigurator.CONFIGURATION_FILE);
        System.setProperty(LogbackConfigurator.CONFIGURATION_FILE, file.toString());
        LoggerContext context = new LoggerContext();
        try {
            new ContextInitializer(context).autoConfig();
        } finally {
            System.clearProperty(LogbackConfigurator.CONFIGURATION_FILE);
            if (before != null) {
                System.setProperty(LogbackConfigurator.CONFIGURATION_FILE, before);
            }
        }

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("MINE")).isNotNull();
        assertThat(root.getAppender("STDERR")).isNull();
        context.stop();
    }
}
