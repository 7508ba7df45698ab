package dev.mirrorsync.cli;

import ch.qos.logback.classic.Level;
import dev.mirrorsync.core.MirrorSyncException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code mirror-sync}: the command line. This is the only place where exceptions become exit codes and
 * messages; every message passes through a filter that masks the values of the token variables.
 */
@Command(
        name = "mirror-sync",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Keeps a private git repository and its public mirror in safe two-way sync.",
        subcommands = {SyncCommand.class, StatusCommand.class, ResolveCommand.class, WorkflowsCommand.class, DemoCommand.class,
            SummaryCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every branch is in sync or was synced (with --dry-run: nothing needs a human)",
            "1:a failure (authentication, permission, protection, network after retries, tracker)",
            "2:a usage or configuration error",
            "3:at least one branch needs a human (diverged, unrelated, rewritten)"
        })
public final class Main implements Callable<Integer> {
    /** The variables whose values are masked in all output, besides those named by the token options. */
    static final List<String> TOKEN_VARIABLES = List.of("MIRROR_SYNC_PRIVATE_TOKEN", "MIRROR_SYNC_PUBLIC_TOKEN", "GITHUB_TOKEN");

    private final Console console;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Debug logging and stack traces (never secrets).")
    boolean verbose;

    Main(Console console) {
        this.console = console;
    }

    Console console() {
        return console;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, System.getenv(), out, err, System.console() != null);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line in-process, as {@code main} would, and returns its exit code instead of exiting.
     * Tokens are read from {@code env} only; output goes to {@code out} and {@code err}, with token values masked.
     */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean interactive) {
        Set<String> secrets = new LinkedHashSet<>();
        TOKEN_VARIABLES.forEach(name -> secrets.add(env.get(name)));
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].endsWith("-token-env")) {
                secrets.add(env.get(args[i + 1]));
            }
        }
        secrets.remove(null);
        PrintWriter safeOut = RedactingWriter.wrap(out, secrets);
        PrintWriter safeErr = RedactingWriter.wrap(err, secrets);
        Console console = new Console(env, safeOut, safeErr, interactive);
        Main main = new Main(console);
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(safeOut);
        commandLine.setErr(safeErr);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            safeErr.println("mirror-sync: " + e.getMessage());
            safeErr.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionStrategy(parseResult -> {
            setLogLevel(main.verbose || parseResult.subcommands().stream()
                    .anyMatch(sub -> sub.hasMatchedOption("--verbose")));
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            int code = exitCode(e);
            safeErr.println("mirror-sync: " + message(e));
            if (main.verbose) {
                e.printStackTrace(safeErr);
            } else if (code == ExitCodes.FAILURE && !(e instanceof MirrorSyncException)) {
                safeErr.println("(run again with --verbose for details)");
            }
            safeErr.flush();
            return code;
        });
        int code = commandLine.execute(args);
        safeOut.flush();
        safeErr.flush();
        return code;
    }

    /** With no subcommand: say how to use it, and fail as a usage error. */
    @Override
    public Integer call() {
        console.err().println("mirror-sync: a command is required.");
        new CommandLine(this).usage(console.err());
        return ExitCodes.USAGE;
    }

    static int exitCode(Exception e) {
        if (e instanceof MirrorSyncException failure) {
            return ExitCodes.of(failure.reason());
        }
        if (e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    private static String message(Exception e) {
        if (e instanceof MirrorSyncException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void setLogLevel(boolean verbose) {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(verbose ? Level.DEBUG : Level.WARN);
        }
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mirror-sync " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
